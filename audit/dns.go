package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/miekg/dns"

	"github.com/lookalike/lookalike/permute"
)

// Querier asks one DNS question. name is a domain without the trailing dot;
// rcode is the reply's (dns.RcodeSuccess, dns.RcodeNameError …) and answers its
// answer section. err is for transport only: a reply with an error rcode is
// not an error. Package resolve's client, or any recursive resolver, fits.
type Querier interface {
	Query(ctx context.Context, name string, qtype uint16) (rcode int, answers []dns.RR, err error)
}

// ErrSPFLimit is wrapped by DNSRefs's error when the SPF records need more
// than MaxSPFLookups DNS lookups: receivers then fail SPF (permerror, RFC 7208
// §4.6.4), and the records past the limit were not read.
var ErrSPFLimit = errors.New("SPF needs more than 10 DNS lookups")

// MaxSPFLookups is the RFC 7208 §4.6.4 limit on terms that cause DNS lookups
// (include, a, mx, ptr, exists, redirect) in one SPF evaluation.
const MaxSPFLookups = 10

// CommonHosts are the names under a brand's domain whose CNAMEs DNSRefs reads:
// the ones most often pointed at a third-party service (hosting, CDN, help
// desk, shop, mail provider, DKIM selectors of the large senders), where a
// forgotten record hands the name to whoever claims the service account.
var CommonHosts = []string{
	"www", "mail", "webmail", "smtp", "imap", "pop", "email", "autodiscover", "autoconfig",
	"support", "help", "helpdesk", "faq", "contact", "login", "sso", "auth", "id", "account",
	"accounts", "my", "portal", "shop", "store", "pay", "payment", "checkout", "billing",
	"api", "cdn", "static", "assets", "img", "images", "media", "files", "download",
	"blog", "news", "status", "docs", "app", "m", "mobile", "careers", "jobs", "events",
	"go", "links", "click", "track", "marketing", "newsletter", "info", "survey", "community",
	"dev", "staging", "test", "old", "beta", "remote", "vpn",
	"selector1._domainkey", "selector2._domainkey", "s1._domainkey", "s2._domainkey",
	"k1._domainkey", "k2._domainkey",
}

// maxCNAMEChain bounds how far a CNAME chain is followed.
const maxCNAMEChain = 8

// DNSRefs reads what a domain's DNS points at: its MX and NS targets; its SPF
// record, following include: and redirect= (RFC 7208 lookup limit and a loop
// guard) and reading a:, mx: (and the MX targets behind it), exists: and exp=
// with macros stripped to their literal part; the rua and ruf addresses of its
// DMARC record (or its organisational domain's); and the CNAMEs of
// CommonHosts, each chain followed to its end so that a target that does not
// exist comes back as KindDanglingCNAME. Each Ref's Source is "dns:<name> <TYPE>".
//
// The refs found are returned even when err is not nil: err reports the parts
// of the walk that could not be done (a failed query, a broken record, ErrSPFLimit)
// and a caller can show it as a warning. A domain that is not a domain name is
// an input error (errors.Is(err, permute.ErrBadInput)).
func DNSRefs(ctx context.Context, q Querier, domain string) ([]Ref, error) {
	d, ok := normalizeHost(domain)
	if !ok {
		return nil, &permute.InputError{Input: domain, Msg: "is not a domain name whose DNS can be audited; give one such as example.com"}
	}
	w := &dnsWalk{q: q, root: d, fetched: map[string]bool{}}
	w.targets(ctx, d, dns.TypeMX, KindMX)
	w.targets(ctx, d, dns.TypeNS, KindNS)
	w.spf(ctx, d)
	w.dmarc(ctx, d)
	for _, h := range CommonHosts {
		if ctx.Err() != nil {
			break
		}
		w.cname(ctx, h+"."+d)
	}
	if err := ctx.Err(); err != nil {
		w.errs = append(w.errs, err)
	}
	return w.c.refs, errors.Join(w.errs...)
}

type dnsWalk struct {
	q        Querier
	root     string
	c        collector
	errs     []error
	lookups  int
	limitHit bool
	fetched  map[string]bool // domains whose SPF was read: the loop guard
}

func (w *dnsWalk) query(ctx context.Context, name string, qtype uint16) ([]dns.RR, int, bool) {
	if ctx.Err() != nil {
		return nil, 0, false
	}
	rcode, ans, err := w.q.Query(ctx, name, qtype)
	if err != nil {
		w.errs = append(w.errs, fmt.Errorf("%s %s: %w", name, dns.TypeToString[qtype], err))
		return nil, 0, false
	}
	if rcode != dns.RcodeSuccess && rcode != dns.RcodeNameError {
		w.errs = append(w.errs, fmt.Errorf("%s %s: the resolver answered %s; try again or another resolver",
			name, dns.TypeToString[qtype], dns.RcodeToString[rcode]))
		return nil, rcode, false
	}
	return ans, rcode, true
}

func source(name string, qtype uint16) string {
	return "dns:" + name + " " + dns.TypeToString[qtype]
}

func trimDot(s string) string { return strings.ToLower(strings.TrimSuffix(s, ".")) }

// targets records the MX or NS targets of name.
func (w *dnsWalk) targets(ctx context.Context, name string, qtype uint16, kind string) {
	ans, _, ok := w.query(ctx, name, qtype)
	if !ok {
		return
	}
	src := source(name, qtype)
	for _, rr := range ans {
		switch rr := rr.(type) {
		case *dns.MX:
			if rr.Header().Name != "" && !strings.EqualFold(trimDot(rr.Header().Name), name) {
				continue // part of a CNAME chain's answer, not this name's
			}
			if rr.Mx == "." {
				continue // null MX (RFC 7505): the domain takes no mail
			}
			w.c.add(newRef(trimDot(rr.Mx), kind, src, fmt.Sprintf("%d %s", rr.Preference, rr.Mx)))
		case *dns.NS:
			w.c.add(newRef(trimDot(rr.Ns), kind, src, rr.Ns))
		}
	}
}

// txt returns the TXT records of name, each one's strings joined (RFC 7208 §3.3).
func (w *dnsWalk) txt(ctx context.Context, name string) []string {
	ans, _, ok := w.query(ctx, name, dns.TypeTXT)
	if !ok {
		return nil
	}
	var out []string
	for _, rr := range ans {
		if t, ok := rr.(*dns.TXT); ok {
			out = append(out, strings.Join(t.Txt, ""))
		}
	}
	return out
}

// spf reads the SPF records of name and follows what they point at.
func (w *dnsWalk) spf(ctx context.Context, name string) {
	if w.fetched[name] {
		return
	}
	w.fetched[name] = true
	src := source(name, dns.TypeTXT)
	for _, rec := range w.txt(ctx, name) {
		terms, err := ParseSPF(rec)
		if errors.Is(err, ErrNotSPF) {
			continue
		}
		if err != nil {
			w.errs = append(w.errs, fmt.Errorf("SPF of %s: %w", name, err))
		}
		var redirect *SPFTerm
		for _, t := range terms {
			if t.Modifier && t.Name == "redirect" {
				redirect = &t
				continue
			}
			w.spfTerm(ctx, name, src, t)
		}
		// redirect= is evaluated after every mechanism (RFC 7208 §6.1).
		if redirect != nil {
			w.spfTerm(ctx, name, src, *redirect)
		}
	}
}

// count spends one of the SPF lookups, and says whether it may be made.
func (w *dnsWalk) count() bool {
	w.lookups++
	if w.lookups > MaxSPFLookups {
		if !w.limitHit {
			w.errs = append(w.errs, fmt.Errorf("SPF of %s: %w (RFC 7208 §4.6.4); receivers treat it as a permanent error, and records past the limit were not read", w.root, ErrSPFLimit))
		}
		w.limitHit = true
		return false
	}
	return true
}

func (w *dnsWalk) spfTerm(ctx context.Context, name, src string, t SPFTerm) {
	d, hasDomain := t.Domain()
	literal := !strings.Contains(t.Value, "%")
	switch t.Name {
	case "include", "redirect":
		kind := KindSPFInclude
		if t.Name == "redirect" {
			kind = KindSPFRedirect
		}
		if hasDomain {
			w.c.add(newRef(d, kind, src, t.String()))
		}
		if w.count() && hasDomain && literal {
			w.spf(ctx, d)
		}
	case "a":
		w.count()
		if hasDomain {
			w.c.add(newRef(d, KindSPFA, src, t.String()))
		}
	case "mx":
		ok := w.count()
		target := name
		if t.Value != "" {
			if !hasDomain {
				return
			}
			target = d
			w.c.add(newRef(d, KindSPFMX, src, t.String()))
		}
		// A bare "mx" in the brand's own record names the MX hosts already read.
		if ok && literal && target != w.root {
			w.targets(ctx, target, dns.TypeMX, KindSPFMX)
		}
	case "ptr":
		w.count()
	case "exists":
		w.count()
		if hasDomain {
			w.c.add(newRef(d, KindSPFExists, src, t.String()))
		}
	case "exp":
		if hasDomain {
			w.c.add(newRef(d, KindSPFExp, src, t.String()))
		}
	}
}

// dmarc reads the report addresses of the domain's DMARC record, falling back
// to the organisational domain's as receivers do (RFC 7489 §6.6.3).
func (w *dnsWalk) dmarc(ctx context.Context, name string) {
	names := []string{name}
	if org, ok := registrable(name); ok && org != name {
		names = append(names, org)
	}
	for _, n := range names {
		qname := "_dmarc." + n
		found := false
		for _, rec := range w.txt(ctx, qname) {
			rec, err := ParseDMARC(rec)
			if errors.Is(err, ErrNotDMARC) {
				continue
			}
			found = true
			if err != nil {
				w.errs = append(w.errs, fmt.Errorf("DMARC of %s: %w", n, err))
			}
			src := source(qname, dns.TypeTXT)
			for _, u := range rec.RUA {
				if h, ok := reportHost(u); ok {
					w.c.add(newRef(h, KindDMARCRUA, src, u))
				}
			}
			for _, u := range rec.RUF {
				if h, ok := reportHost(u); ok {
					w.c.add(newRef(h, KindDMARCRUF, src, u))
				}
			}
		}
		if found {
			return
		}
	}
}

// cname follows the CNAME chain of name. A recursive resolver answers an A
// question with the whole chain and the final rcode; an authoritative server
// answers with its own part only, so the walk asks again from the last target.
// A chain that ends in NXDOMAIN is dangling.
func (w *dnsWalk) cname(ctx context.Context, name string) {
	cur := name
	type hop struct{ owner, target string }
	var chain []hop
	for range maxCNAMEChain {
		if ctx.Err() != nil {
			return
		}
		rcode, ans, err := w.q.Query(ctx, cur, dns.TypeA)
		if err != nil {
			return // a probe that fails says nothing; MX, NS and SPF report errors
		}
		advanced, final := false, false
		for {
			next := ""
			for _, rr := range ans {
				if c, ok := rr.(*dns.CNAME); ok && strings.EqualFold(trimDot(c.Hdr.Name), cur) {
					next = trimDot(c.Target)
					break
				}
			}
			if next == "" || len(chain) >= maxCNAMEChain {
				break
			}
			chain = append(chain, hop{cur, next})
			cur, advanced = next, true
		}
		for _, rr := range ans {
			if t := rr.Header().Rrtype; (t == dns.TypeA || t == dns.TypeAAAA) && strings.EqualFold(trimDot(rr.Header().Name), cur) {
				final = true
			}
		}
		dangling := rcode == dns.RcodeNameError && len(chain) > 0
		if dangling || final || !advanced || rcode != dns.RcodeSuccess {
			for i, h := range chain {
				kind := KindCNAME
				if dangling && i == len(chain)-1 {
					kind = KindDanglingCNAME
				}
				w.c.add(newRef(h.target, kind, source(h.owner, dns.TypeCNAME), h.target))
			}
			return
		}
	}
	for _, h := range chain {
		w.c.add(newRef(h.target, KindCNAME, source(h.owner, dns.TypeCNAME), h.target))
	}
}
