package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// DefaultRPZZone is the origin of the response policy zone when
// ExportOptions.Zone is empty. Any name works: resolvers load the zone under
// the name their configuration gives it, and .invalid (RFC 6761) can never
// collide with a delegated zone.
const DefaultRPZZone = "lookalike.rpz.invalid"

// NewRPZWriter returns the rpz format: a DNS Response Policy Zone
// (draft-vixie-dnsop-dns-rpz) that BIND, Unbound, PowerDNS Recursor and Knot
// Resolver load. Each exported name gets two QNAME triggers with the
// NXDOMAIN action ("CNAME ."), one for the name and one for every name
// beneath it, so that www.lookalike and mail.lookalike are blocked too. The
// SOA serial is ExportOptions.Now in Unix seconds, which grows from one run
// to the next as secondaries expect.
func NewRPZWriter(w io.Writer, o ExportOptions) Writer {
	zone := strings.TrimSuffix(strings.ToLower(o.Zone), ".")
	if zone == "" {
		zone = DefaultRPZZone
	}
	return &rpzWriter{w: w, set: newExportSet(o), opts: o, zone: zone}
}

type rpzWriter struct {
	w    io.Writer
	set  *exportSet
	opts ExportOptions
	zone string
}

func (z *rpzWriter) Write(r Record) error {
	z.set.add(r)
	return nil
}

// rpzTTL is short: a name taken down or found to be the brand's should leave
// the resolvers' caches within minutes of the next zone.
const rpzTTL = 300

func (z *rpzWriter) Close() error {
	es := z.set.sorted()
	serial := uint32(1)
	if !z.opts.Now.IsZero() && z.opts.Now.Unix() > 0 {
		serial = uint32(z.opts.Now.Unix())
	}
	bw := bufio.NewWriter(z.w)
	fmt.Fprintf(bw, "; Response policy zone of lookalike names, made by %s", z.opts.producer())
	if !z.opts.Now.IsZero() {
		fmt.Fprintf(bw, " at %s", z.opts.Now.UTC().Format("2006-01-02T15:04:05Z"))
	}
	fmt.Fprintf(bw, "\n; %d names; \"CNAME .\" answers NXDOMAIN for the name and every name beneath it.\n", len(es))
	fmt.Fprintf(bw, "$ORIGIN %s.\n$TTL %d\n", z.zone, rpzTTL)
	// The SOA and NS are formalities RPZ requires of a zone; nobody resolves
	// them, so localhost serves.
	fmt.Fprintf(bw, "@\tSOA\tlocalhost. hostmaster.localhost. %d 3600 600 604800 %d\n", serial, rpzTTL)
	bw.WriteString("@\tNS\tlocalhost.\n")
	for _, e := range es {
		// Names are checked by exportName, so a ";" or space never reaches
		// the zone; the comment holds nothing but checked names and numbers.
		fmt.Fprintf(bw, "\n; %s %s risk %d", e.verdict, e.domain, e.risk)
		if e.brand != "" {
			fmt.Fprintf(bw, " brand %s", e.brand)
		}
		fmt.Fprintf(bw, "\n%s\tCNAME\t.\n*.%s\tCNAME\t.\n", e.domain, e.domain)
	}
	return bw.Flush()
}
