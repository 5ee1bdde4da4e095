package match

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/lookalike/lookalike/names"
	"github.com/miekg/dns"
)

// Zone reads an RFC 1035 master file as registries publish them (ICANN
// CZDS: $ORIGIN, $TTL, relative and absolute owner names, many NS records
// per delegation) and observes each delegated name once: the owners of NS
// records below the origin. origin is the zone's name ("com", "xn--p1ai");
// empty means the file's own $ORIGIN or SOA. $INCLUDE is refused: a zone
// from a registry never needs one, and it would read other files.
//
// miekg/dns reports lines only in its errors, so results from a zone carry
// no line. "Once" relies on the order of the file: a delegation's records stand
// together, as in every registry's dump; the same owner far apart is
// observed twice (memory stays flat, no set of names is kept).
func Zone(name string, r io.Reader, origin string) Source {
	return &zone{name: name, r: r, origin: strings.ToLower(dns.Fqdn(origin))}
}

type zone struct {
	name   string
	r      io.Reader
	origin string
}

func (z *zone) Name() string { return "zone:" + z.name }
func (z *zone) Kind() string { return "zone" }

func (z *zone) Read(ctx context.Context, emit func(Observed) error, junk func(Junk)) error {
	r, err := maybeGzip(z.r)
	if err != nil {
		return fmt.Errorf("read zone %s: %w", z.name, err)
	}
	origin := z.origin
	if origin == "." {
		origin = ""
	}
	zp := dns.NewZoneParser(r, origin, z.name)
	zp.SetIncludeAllowed(false)
	last := ""
	var cut cutter
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		ns, isNS := rr.(*dns.NS)
		if !isNS {
			if soa, isSOA := rr.(*dns.SOA); isSOA && origin == "" {
				origin = strings.ToLower(soa.Hdr.Name)
			}
			continue
		}
		owner := strings.ToLower(ns.Hdr.Name)
		if owner == last || owner == origin || owner == "." {
			continue
		}
		last = owner
		dom := strings.TrimSuffix(owner, ".")
		reg, suffix, ok := cut.cut(dom, strings.TrimSuffix(origin, "."))
		if !ok {
			junk(Junk{z.Name(), 0, dom, "delegation without a registrable domain"})
			continue
		}
		if reg != dom {
			// A delegation below a registrable name (a registry's own
			// sub-zones): its registrable domain is what was bought.
			dom = reg
		}
		if err := emit(Observed{Domain: dom, Registrable: reg, Suffix: suffix}); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := zp.Err(); err != nil {
		return fmt.Errorf("read zone %s: %w (a master file as in RFC 1035 §5 is expected)", z.name, err)
	}
	return nil
}

// cutter cuts delegated names to registrable domains, quickly for the
// common case of one label below a public-suffix origin.
type cutter struct {
	origin   string
	isSuffix bool
}

func (c *cutter) cut(dom, origin string) (string, string, bool) {
	if origin != c.origin {
		c.origin, c.isSuffix = origin, origin != "" && names.IsPublicSuffix(origin)
	}
	if c.isSuffix && strings.HasSuffix(dom, "."+origin) && !strings.Contains(dom[:len(dom)-len(origin)-1], ".") {
		return dom, origin, true
	}
	return names.Registrable(dom)
}
