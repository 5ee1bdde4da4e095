package audit

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// Severities, from the most urgent.
const (
	// SeverityCritical: the domain is referenced and unregistered, so anyone
	// can register it and receive what the brand sends there.
	SeverityCritical = "critical"
	// SeverityHigh: registered by someone other than the brand while it looks
	// like the brand, or a CNAME of the brand's pointing at a name that does
	// not exist on a third party's domain (a takeover waiting to happen).
	SeverityHigh = "high"
	// SeverityUnknown: the DNS could not tell whether the domain is
	// registered. It is never promoted to critical, because analysts act on
	// critical and a guess would send them to buy names somebody owns; the
	// finding says what was referenced so that it can be checked again.
	SeverityUnknown = "unknown"
	// SeverityInfo: everything else, owned or unrelated.
	SeverityInfo = "info"
)

var severityRank = map[string]int{SeverityCritical: 0, SeverityHigh: 1, SeverityUnknown: 2, SeverityInfo: 3}

// Finding is what the audit says about one referenced registrable domain.
type Finding struct {
	Domain string
	// Refs are the references to the domain, sorted (see SortRefs).
	Refs []Ref
	// Status and Reason come from the lookup.
	Status resolve.Status
	Reason string
	// Severity is one of the Severity constants.
	Severity string
	// Why says in one sentence what the severity means for this domain.
	Why string
}

// Assess groups refs by registrable domain, looks each domain up once, and
// rates it: critical when unregistered; unknown when the lookup could not tell;
// high when registered, not the brand's (brand.Domain and owned), and either
// lookalike says it imitates the brand or one of its references is a dangling
// CNAME; info otherwise. The findings are sorted by severity, then domain.
//
// lookup is called once per domain, one call at a time, in domain order; a
// caller with a concurrent resolver can resolve the domains first and pass a
// lookup that reads the results. owned and lookalike may be nil (nothing is
// owned but brand.Domain; nothing is judged a lookalike).
func Assess(ctx context.Context, refs []Ref, brand permute.Brand,
	lookup func(ctx context.Context, domain string) resolve.Result,
	owned func(domain string) bool,
	lookalike func(domain string) (bool, string),
) []Finding {
	byDomain := map[string][]Ref{}
	for _, r := range refs {
		if r.Domain == "" {
			continue
		}
		byDomain[r.Domain] = append(byDomain[r.Domain], r)
	}
	domains := make([]string, 0, len(byDomain))
	for d := range byDomain {
		domains = append(domains, d)
	}
	slices.Sort(domains)

	findings := make([]Finding, 0, len(domains))
	for _, d := range domains {
		rs := slices.Clone(byDomain[d])
		SortRefs(rs)
		f := Finding{Domain: d, Refs: rs}
		res := lookup(ctx, d)
		f.Status, f.Reason = res.Status, res.Reason
		isOwned := d == brand.Domain || owned != nil && owned(d)
		switch res.Status {
		case resolve.Unregistered:
			f.Severity = SeverityCritical
			f.Why = fmt.Sprintf("%s is not registered: whoever registers it gets %s", d, what(rs))
			if isOwned {
				f.Why += "; it is listed as the brand's own, so its registration has lapsed"
			}
		case resolve.Registered:
			f.Severity, f.Why = SeverityInfo, "registered"
			if isOwned {
				f.Why = "registered; the brand's own"
				break
			}
			if r, ok := dangling(rs); ok {
				f.Severity = SeverityHigh
				owner := strings.TrimPrefix(strings.TrimSuffix(r.Source, " CNAME"), "dns:")
				f.Why = fmt.Sprintf("%s is a CNAME for %s, which does not exist: whoever creates it on %s serves content under the brand's name", owner, r.Host, d)
				break
			}
			if lookalike != nil {
				if ok, why := lookalike(d); ok {
					f.Severity = SeverityHigh
					f.Why = fmt.Sprintf("registered by a third party and imitates %s (%s); it gets %s", brand.Domain, why, what(rs))
					break
				}
			}
			f.Why = "registered; not the brand's and not a lookalike"
		default:
			f.Severity = SeverityUnknown
			reason := res.Reason
			if reason == "" {
				reason = "no reason given"
			}
			f.Why = fmt.Sprintf("whether %s is registered could not be told (%s); check it again before acting on %s", d, reason, what(rs))
		}
		findings = append(findings, f)
	}
	slices.SortStableFunc(findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(severityRank[a.Severity], severityRank[b.Severity]), cmp.Compare(a.Domain, b.Domain))
	})
	return findings
}

func dangling(rs []Ref) (Ref, bool) {
	for _, r := range rs {
		if r.Kind == KindDanglingCNAME {
			return r, true
		}
	}
	return Ref{}, false
}

// what sums up, for a sentence, what the brand hands over through its references.
func what(rs []Ref) string {
	kinds := map[string]bool{}
	for _, r := range rs {
		kinds[r.Kind] = true
	}
	var parts []string
	add := func(s string, ks ...string) {
		for _, k := range ks {
			if kinds[k] {
				parts = append(parts, s)
				return
			}
		}
	}
	add("the form submissions sent to it", KindFormAction)
	add("the e-mail sent to it", KindMailto, KindEmail, KindHeader, KindMX, KindDMARCRUA, KindDMARCRUF)
	add("the right to send mail as the brand", KindSPFInclude, KindSPFRedirect, KindSPFA, KindSPFMX, KindSPFExists)
	add("control of the brand's DNS", KindNS)
	add("code and content running in the brand's pages", KindScript, KindStylesheet, KindIframe, KindImg, KindMedia)
	add("the requests the brand's scripts send to it", KindJSURL, KindJSHost, KindJSONURL, KindJSONHost)
	add("the visitors sent to it", KindLink, KindRedirect, KindMetaRefresh, KindCNAME, KindDanglingCNAME, KindTextURL, KindTextHost, KindAttrURL)
	if len(parts) == 0 {
		return "the requests the brand sends to it"
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
