package resolve

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"
	"github.com/projectdiscovery/dnsx/libs/dnsx"
)

// Records of registered names (A, AAAA, MX; CNAMEs from the chains in those
// answers, which saves a query) go through the lean client by default: under
// packet loss it resends on an RTT schedule and honours --timeout, where dnsx
// builds its client without a timeout (a lost record query costs a fixed 2 s)
// and without retransmission. Measured through a resolver dropping 30% of
// queries (docs/BENCHMARKS.md), that made registered names cost seconds each.
// RecordsVia "dnsx" keeps dnsx for them: one shared client per record type
// (dnsx fixes the question type per client; QueryMultiple keeps only the last
// raw reply and mixes glue into its lists), each reply read from RawResp and
// checked against the question.
var recordTypes = []uint16{dns.TypeA, dns.TypeAAAA, dns.TypeMX}

type recordClients map[uint16]*dnsx.DNSX

// recordClient returns the dnsx clients for the resolvers in use, built on
// first use and again after the probe drops a resolver.
func (c *Client) recordClient() (recordClients, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.records != nil {
		return *c.records, nil
	}
	if len(c.resolvers) == 0 {
		return nil, ErrNoResolver
	}
	base := make([]string, len(c.resolvers))
	for i, r := range c.resolvers {
		base[i] = "udp:" + r
	}
	rc := make(recordClients, len(recordTypes))
	for _, t := range recordTypes {
		d, err := dnsx.New(dnsx.Options{
			BaseResolvers: base,
			MaxRetries:    1, // resolve owns retries: see recordQuery
			QuestionTypes: []uint16{t},
			Hostsfile:     false, // /etc/hosts says nothing about registrations
		})
		if err != nil {
			return nil, fmt.Errorf("start dnsx: %w", err)
		}
		rc[t] = d
	}
	c.records = &rc
	return rc, nil
}

// collect fills the A, AAAA, MX and CNAME lists of a registered name. The
// three questions go out at once (the worker asks one, borrowed workers the
// others), so a registered name costs one round trip, not three. It is best
// effort: a lookup that fails leaves its list empty and the status as it is.
func (w *worker) collect(ctx context.Context, name string, res *Result) {
	c := w.c
	var rc recordClients
	if c.opts.RecordsVia == RecordsViaDNSX {
		var err error
		if rc, err = c.recordClient(); err != nil {
			return
		}
	}
	fqdn := name + "."
	var parts [3]recordSet
	ask := func(w *worker, i int) {
		t := recordTypes[i]
		var resp *dns.Msg
		if rc != nil {
			resp = c.recordQuery(ctx, rc[t], name, fqdn, t)
		} else {
			resp = w.recordQueryLean(ctx, fqdn, t)
		}
		if resp != nil {
			// Read now: a negative reply lives in w's reused messages.
			parts[i] = readRecords(resp, fqdn)
		}
	}
	var wg sync.WaitGroup
	for i := 1; i < len(recordTypes); i++ {
		wg.Go(func() {
			bw := c.getWorker()
			defer c.putWorker(bw)
			ask(bw, i)
		})
	}
	ask(w, 0)
	wg.Wait()
	mergeRecords(res, &parts)
}

// mergeRecords fills res's record lists from the replies to A, AAAA and MX.
func mergeRecords(res *Result, parts *[3]recordSet) {
	var mx []*dns.MX
	for _, p := range parts {
		if res.CNAME == nil && len(p.cname) > 0 {
			res.CNAME = p.cname
		}
		res.A = append(res.A, p.a...)
		res.AAAA = append(res.AAAA, p.aaaa...)
		mx = append(mx, p.mx...)
	}
	slices.SortFunc(mx, func(a, b *dns.MX) int {
		return cmp.Or(cmp.Compare(a.Preference, b.Preference), strings.Compare(hostName(a.Mx), hostName(b.Mx)))
	})
	for _, r := range mx {
		res.MX = append(res.MX, hostName(r.Mx))
	}
	slices.Sort(res.A)
	res.A = slices.Compact(res.A)
	slices.Sort(res.AAAA)
	res.AAAA = slices.Compact(res.AAAA)
	res.MX = slices.Compact(res.MX)
}

// recordSet is what one reply says about a name.
type recordSet struct {
	a, aaaa, cname []string
	mx             []*dns.MX
}

// readRecords takes the records of fqdn, and of the CNAME chain from it, out
// of an answer section.
func readRecords(resp *dns.Msg, fqdn string) recordSet {
	var p recordSet
	chain := cnameChain(resp.Answer, fqdn)
	for _, n := range chain[1:] {
		p.cname = append(p.cname, hostName(n))
	}
	for _, rr := range resp.Answer {
		if !slices.ContainsFunc(chain, func(n string) bool { return strings.EqualFold(n, rr.Header().Name) }) {
			continue
		}
		switch r := rr.(type) {
		case *dns.A:
			p.a = append(p.a, r.A.String())
		case *dns.AAAA:
			p.aaaa = append(p.aaaa, r.AAAA.String())
		case *dns.MX:
			p.mx = append(p.mx, r)
		}
	}
	return p
}

// recordQueryLean asks one question through the lean client, which retries
// timeouts and SERVFAIL on the other resolvers, and returns a NOERROR or
// NXDOMAIN reply, or nil.
func (w *worker) recordQueryLean(ctx context.Context, fqdn string, qtype uint16) *dns.Msg {
	resp, err := w.askAny(ctx, fqdn, qtype)
	if err != nil || (resp.Rcode != dns.RcodeSuccess && resp.Rcode != dns.RcodeNameError) {
		return nil
	}
	return resp
}

// recordQuery asks one question through dnsx with resolve's retry policy and
// returns a reply that answers it (NOERROR or NXDOMAIN), or nil.
func (c *Client) recordQuery(ctx context.Context, d *dnsx.DNSX, name, fqdn string, qtype uint16) *dns.Msg {
	for try := 0; try <= c.retries; try++ {
		if ctx.Err() != nil {
			return nil
		}
		if try > 0 {
			c.retried.Add(1) // dnsx rotates resolvers, so this goes to the next one
		}
		if c.limiter != nil && c.limiter.Wait(ctx) != nil {
			return nil
		}
		c.queries.Add(1)
		data, _ := d.QueryOne(name)
		// On a timeout dnsx returns StatusCodeRaw 0, as for NOERROR, with no raw
		// reply: only RawResp tells an answer from silence.
		if data == nil || data.RawResp == nil {
			c.timeouts.Add(1)
			continue
		}
		resp := data.RawResp
		if len(resp.Question) != 1 || !strings.EqualFold(resp.Question[0].Name, fqdn) ||
			resp.Question[0].Qtype != qtype || resp.Question[0].Qclass != dns.ClassINET {
			c.mismatched.Add(1)
			continue
		}
		c.countRcode(resp.Rcode)
		switch resp.Rcode {
		case dns.RcodeSuccess, dns.RcodeNameError:
			return resp
		case dns.RcodeServerFailure:
			continue
		default:
			return nil
		}
	}
	return nil
}

// cnameChain is fqdn followed by the CNAME targets the answer leads through.
func cnameChain(answer []dns.RR, fqdn string) []string {
	chain := []string{fqdn}
	for len(chain) <= 16 { // a loop or a long chain ends here
		cur := chain[len(chain)-1]
		next := ""
		for _, rr := range answer {
			if cn, ok := rr.(*dns.CNAME); ok && strings.EqualFold(cn.Hdr.Name, cur) {
				next = cn.Target
				break
			}
		}
		if next == "" || slices.ContainsFunc(chain, func(n string) bool { return strings.EqualFold(n, next) }) {
			break
		}
		chain = append(chain, next)
	}
	return chain
}
