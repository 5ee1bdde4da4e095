package judge

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/wordlists"
)

// Verdict is what a result means to the brand: the analyst's next step.
type Verdict string

// The verdicts, in the order the report shows them.
const (
	// Impersonating: a third-party site that copies the brand's page or asks
	// for a password with the brand's name or logo (package web's signal,
	// applied by JudgeWeb). What to act on first.
	Impersonating Verdict = "impersonating"
	// Defend: unregistered. Register it before someone else does. Never from
	// an unknown status.
	Defend Verdict = "defend"
	// ThirdParty: registered by someone else. A registration that RDAP shows
	// on hold (registered, not delegated) is a dormant third-party
	// registration: this verdict, with "dormant" in the evidence, because it
	// can be delegated at any moment and the registrant is not the brand.
	ThirdParty Verdict = "third-party"
	// Parked: registered, delegated to a parking or domain-marketplace
	// service: a third party, often for sale.
	Parked Verdict = "parked"
	// Owned: the organisation's own (portfolio, own name servers or mail
	// hosts, or a CNAME into the brand).
	Owned Verdict = "owned"
	// Unavailable: unregistered, but the registry does not sell the name
	// today (an IDN its table no longer allows, say); it exists elsewhere
	// only as a grandfathered registration. Never offered for registration.
	Unavailable Verdict = "unavailable"
	// Unknown: resolve could not tell; Finding.Reason says why.
	Unknown Verdict = "unknown"
)

// Verdicts lists every verdict in report order.
var Verdicts = []Verdict{Impersonating, Defend, ThirdParty, Parked, Owned, Unavailable, Unknown}

// ParseVerdict reads a --verdict value.
func ParseVerdict(s string) (Verdict, error) {
	v := Verdict(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Verdicts, v) {
		return v, nil
	}
	return "", fmt.Errorf("unknown verdict %q (want impersonating, defend, third-party, parked, owned, unavailable or unknown)", s)
}

// Finding is a result judged: the verdict, a risk score and the evidence an
// analyst can check.
type Finding struct {
	resolve.Result
	Verdict Verdict
	// Risk is 0–100; RiskFactors explains it.
	Risk int
	// Mail: the name can receive mail, through MX or, without MX, through an
	// address record at the name itself (RFC 5321 §5.1 implicit MX).
	Mail bool
	// Evidence holds short, stable phrases: "in portfolio",
	// "ns ns1.sedoparking.com (Sedo: parking)", "mx mail.example.net",
	// "created 2026-11-01 (26 days)".
	Evidence []string
	// Parking names the parking or marketplace service of a parked name.
	Parking string
	// NameWhy says how the name imitates the brand ("combo: support keyword
	// websupport"): the name term of RiskFactors, for the registrar CSV.
	NameWhy string
	// Factors are the terms of Risk, for --explain.
	Factors []Factor
	// Web is what the web stage saw (JudgeWeb); nil without --web.
	Web *Web
}

// EvidenceLapsed marks a defend name the analyst listed as owned: it expired,
// or was never registered.
const EvidenceLapsed = "in portfolio but not registered: lapsed?"

// Judge gives r its verdict, risk and evidence against profile p (nil when the
// brand is unknown, as for a --candidates file without a brand: then nothing
// is owned). now dates the RDAP creation date.
func Judge(p *Profile, r resolve.Result, now time.Time) Finding {
	f := Finding{Result: r}
	switch r.Status {
	case resolve.Unregistered:
		f.Verdict = Defend
		if r.Unavailable != "" {
			f.Verdict = Unavailable
			f.Evidence = append(f.Evidence, "not sold by the registry today: "+r.Unavailable)
		}
		if p != nil && p.Portfolio[r.Registrable] {
			f.Evidence = append(f.Evidence, EvidenceLapsed)
		}
	case resolve.Registered:
		f.judgeRegistered(p)
	default:
		f.Verdict = Unknown
		reason := r.Reason
		if reason == "" {
			reason = "not resolved"
		}
		f.Evidence = append(f.Evidence, "unknown: "+reason)
	}
	if r.Status == resolve.Registered {
		f.Evidence = append(f.Evidence, recordEvidence(p, &f)...)
		f.Evidence = append(f.Evidence, rdapEvidence(r.RDAP, now)...)
	}
	factors := RiskFactors(p, f, now)
	f.Risk = Risk(factors)
	f.Factors = factors
	for _, x := range factors {
		if x.Term == TermName {
			f.NameWhy = x.Why
		}
	}
	return f
}

func (f *Finding) judgeRegistered(p *Profile) {
	f.Mail = canReceiveMail(f.MX, f.A, f.AAAA)
	if why := ownedBy(p, &f.Result); len(why) > 0 {
		f.Verdict = Owned
		f.Evidence = append(f.Evidence, why...)
		return
	}
	for _, ns := range f.NS {
		if svc, ok := wordlists.ParkingByNS(ns); ok {
			f.Verdict = Parked
			f.Parking = svc.Name
			f.Evidence = append(f.Evidence, fmt.Sprintf("ns %s (%s: %s)", names.Normalize(ns), svc.Name, svc.Kind))
			return
		}
	}
	f.Verdict = ThirdParty
	switch f.Reason {
	case resolve.ReasonRDAPHold:
		f.Evidence = append(f.Evidence, "dormant: registered, not delegated (rdap hold)")
	case resolve.ReasonRDAPFound:
		f.Evidence = append(f.Evidence, "registered per rdap; dns could not tell")
	}
}

// ownedBy lists why r is the organisation's, or nothing. Only hosts under the
// brand's or a portfolio registrable domain, or matching the analyst's
// patterns, count: sharing a big DNS or mail provider with the brand proves
// nothing.
func ownedBy(p *Profile, r *resolve.Result) []string {
	if p == nil {
		return nil
	}
	var why []string
	switch {
	case r.Registrable == p.Brand.Domain && p.Brand.Domain != "":
		why = append(why, "the brand's own domain")
	case p.Portfolio[r.Registrable]:
		why = append(why, "in portfolio")
	}
	if w, ok := p.ownedHost("ns", r.NS, p.OwnerNS); ok {
		why = append(why, w)
	}
	if w, ok := p.ownedHost("mx", r.MX, p.OwnerMX); ok {
		why = append(why, w)
	}
	for _, c := range r.CNAME {
		if what, ok := p.ownDomain(c); ok {
			why = append(why, fmt.Sprintf("cname %s into %s", names.Normalize(c), what))
			break
		}
	}
	return why
}

// ownedHost says why the first of hosts (name servers or mail hosts) that is
// the brand's proves ownership: under the brand's or a portfolio domain, or
// matching the analyst's --owner-ns/--owner-mx patterns.
func (p *Profile) ownedHost(kind string, hosts, patterns []string) (string, bool) {
	for _, h := range hosts {
		if what, ok := p.ownDomain(h); ok {
			return fmt.Sprintf("%s %s under %s", kind, names.Normalize(h), what), true
		}
		if pat, ok := matchOwner(patterns, h); ok {
			return fmt.Sprintf("%s %s matches --owner-%s %s", kind, names.Normalize(h), kind, pat), true
		}
	}
	return "", false
}

// canReceiveMail applies RFC 5321 §5.1: mail goes to the MX hosts, or, when
// there is no MX, to the name's own address. A null MX (RFC 7505, "MX 0 .")
// refuses mail.
func canReceiveMail(mx, a, aaaa []string) bool {
	if len(mx) > 0 {
		return !isNullMX(mx)
	}
	return len(a) > 0 || len(aaaa) > 0
}

func isNullMX(mx []string) bool {
	return len(mx) == 1 && (mx[0] == "." || mx[0] == "")
}

// recordEvidence describes what the name's records show: mail, web, and what
// it shares with the brand without being proof.
func recordEvidence(p *Profile, f *Finding) []string {
	var ev []string
	switch {
	case len(f.MX) > 0 && isNullMX(f.MX):
		ev = append(ev, "null mx: refuses mail (RFC 7505)")
	case len(f.MX) > 0:
		// An owned name's evidence already names the mail host that proves it.
		if !slices.ContainsFunc(f.Evidence, func(e string) bool { return strings.HasPrefix(e, "mx ") }) {
			ev = append(ev, "mx "+firstOf(f.MX))
		}
	case f.Mail:
		ev = append(ev, "no mx: "+firstOf(append(slices.Clone(f.A), f.AAAA...))+" takes mail (RFC 5321 §5.1)")
	}
	switch {
	case f.Mail && len(f.MX) == 0:
		// the fallback phrase names the address
	case len(f.A) > 0:
		ev = append(ev, "a "+firstOf(f.A))
	case len(f.AAAA) > 0:
		ev = append(ev, "aaaa "+firstOf(f.AAAA))
	}
	if p != nil && f.Verdict != Owned {
		if h, ok := shared(p.NS, f.NS); ok {
			ev = append(ev, "ns "+h+" shared with brand: not proof of ownership")
		}
		if h, ok := shared(p.MX, f.MX); ok {
			ev = append(ev, "mx "+h+" shared with brand: not proof of ownership")
		}
	}
	return ev
}

// firstOf names the first item and how many follow.
func firstOf(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return names.Normalize(list[0])
	}
	return fmt.Sprintf("%s (+%d)", names.Normalize(list[0]), len(list)-1)
}

func shared(brand, name []string) (string, bool) {
	for _, h := range name {
		if slices.Contains(brand, names.Normalize(h)) {
			return names.Normalize(h), true
		}
	}
	return "", false
}

// rdapEvidence reports the registration data. The strings came from the
// network; writers Clean them.
func rdapEvidence(d *resolve.RDAP, now time.Time) []string {
	if d == nil {
		return nil
	}
	var ev []string
	if d.Registrar != "" {
		ev = append(ev, "registrar "+d.Registrar)
	}
	if c, ok := parseDate(d.Created); ok {
		ev = append(ev, fmt.Sprintf("created %s (%d days)", c.Format(time.DateOnly), ageDays(c, now)))
	}
	if len(d.Status) > 0 {
		ev = append(ev, "rdap status "+strings.Join(d.Status, ", "))
	}
	return ev
}

// parseDate reads an RDAP event date: RFC 3339, or at least its date part.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ageDays counts whole days from t to now; a date in the future counts 0.
func ageDays(t, now time.Time) int {
	d := now.Sub(t)
	if d < 0 {
		return 0
	}
	return int(d / (24 * time.Hour))
}
