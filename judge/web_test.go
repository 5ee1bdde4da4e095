package judge

import (
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/smtpbanner"
	"github.com/lookalike/lookalike/web"
)

func TestJudgeWeb(t *testing.T) {
	brand := mustBrand(t, "acmebank.com")
	p := NewProfile(brand, resolve.Result{NS: []string{"ns1.acmebank.com"}}, "", map[string]bool{"acmebank.net": true}, nil, nil)
	clone := web.Signal{Kind: web.Impersonating, Evidence: "page copies acmebank.com (similarity 100)", Why: "https://x/ is 100/100 similar"}
	lander := web.Signal{Kind: web.ParkedContent, Evidence: "parked page (Sedo)", Why: "https://x/ is a parking lander (Sedo): domain is for sale"}
	redirect := web.Signal{Kind: web.RedirectsToBrand, Evidence: "redirects to acmebank.com, affiliate parameter aff=1", Why: "http://x/ redirects to https://acmebank.com/?aff=1"}
	reg := func(name string, ns ...string) resolve.Result {
		r := result(t, "acmebank.com", name, resolve.Registered)
		r.NS, r.A = ns, []string{"192.0.2.7"}
		return r
	}
	tests := []struct {
		name     string
		r        resolve.Result
		w        *Web
		verdict  Verdict
		parking  string
		evidence string // the first evidence phrase
		factor   Factor // a factor that must be there (Term empty: none)
		noTerm   string // a term that must not be there
	}{
		{
			name: "clone impersonates", r: reg("acmebank-secure.com", "ns1.host.example"),
			w:       &Web{Fetch: true, Page: &web.Record{Signals: []web.Signal{clone}}},
			verdict: Impersonating, evidence: clone.Evidence,
			factor: Factor{TermImpersonating, ptsImpersonating, clone.Why},
		},
		{
			name: "impersonation beats parking name servers", r: reg("acmebnk.com", "ns1.sedoparking.com"),
			w:       &Web{Fetch: true, Page: &web.Record{Parking: "Sedo", Signals: []web.Signal{clone, lander}}},
			verdict: Impersonating, parking: "Sedo", evidence: clone.Evidence,
			factor: Factor{TermImpersonating, ptsImpersonating, clone.Why}, noTerm: TermParked,
		},
		{
			name: "lander parks a third-party name", r: reg("acmebank-sale.com", "ns1.host.example"),
			w:       &Web{Fetch: true, Page: &web.Record{Parking: "Sedo", Signals: []web.Signal{lander}}},
			verdict: Parked, parking: "Sedo", evidence: lander.Evidence,
			factor: Factor{TermParked, -15, "parked with ads (Sedo): " + lander.Why},
		},
		{
			name: "for-sale lander", r: reg("acmebank-sale.com", "ns1.host.example"),
			w:       &Web{Fetch: true, Page: &web.Record{Parking: "for sale", Signals: []web.Signal{{Kind: web.ParkedContent, Evidence: "parked page (for sale)", Why: "for sale"}}}},
			verdict: Parked, parking: "for sale", evidence: "parked page (for sale)",
			factor: Factor{TermParked, -10, "for sale: for sale"},
		},
		{
			name: "redirect to the brand is evidence, not ownership", r: reg("acmebank-deals.com", "ns1.host.example"),
			w:       &Web{Fetch: true, Page: &web.Record{Signals: []web.Signal{redirect}}},
			verdict: ThirdParty, evidence: redirect.Evidence,
			factor: Factor{TermRedirect, 0, redirect.Why},
		},
		{
			name: "owned name keeps its verdict", r: reg("acmebank.net", "ns1.acmebank.net"),
			w:       &Web{Fetch: true, Page: &web.Record{Signals: []web.Signal{clone}}},
			verdict: Owned, evidence: "in portfolio", noTerm: TermImpersonating,
		},
		{
			name: "no signal, no change", r: reg("acmebakery.com", "ns1.host.example"),
			w:       &Web{Fetch: true, Page: &web.Record{Title: "Bakery"}},
			verdict: ThirdParty, evidence: "no mx: 192.0.2.7 takes mail (RFC 5321 §5.1)", noTerm: TermImpersonating,
		},
		{
			name: "not examined", r: reg("acmebakery.com", "ns1.host.example"),
			w:       &Web{Fetch: true},
			verdict: ThirdParty, evidence: "no mx: 192.0.2.7 takes mail (RFC 5321 §5.1)",
		},
		{
			name: "mail server that accepts sessions", r: reg("acmebnk.com", "ns1.host.example"),
			w:       &Web{Banners: true, SMTP: []smtpbanner.Banner{{Host: "mail.acmebnk.com", Code: 220, Accepts: true}}},
			verdict: ThirdParty, evidence: "smtp mail.acmebnk.com accepts mail sessions",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := JudgeWeb(p, tt.r, testNow, tt.w)
			if f.Verdict != tt.verdict || f.Parking != tt.parking {
				t.Fatalf("verdict %s parking %q, want %s %q; evidence %q", f.Verdict, f.Parking, tt.verdict, tt.parking, f.Evidence)
			}
			if f.Web != tt.w {
				t.Errorf("Web not kept in the finding")
			}
			if len(f.Evidence) == 0 || f.Evidence[0] != tt.evidence {
				t.Errorf("evidence %q, want %q first", f.Evidence, tt.evidence)
			}
			if tt.factor.Term != "" && !slices.Contains(f.Factors, tt.factor) {
				t.Errorf("factors %v, want %v", f.Factors, tt.factor)
			}
			if tt.noTerm != "" && slices.ContainsFunc(f.Factors, func(x Factor) bool { return x.Term == tt.noTerm }) {
				t.Errorf("factors %v, want no %s term", f.Factors, tt.noTerm)
			}
			if f.Risk != Risk(f.Factors) {
				t.Errorf("risk %d, factors add to %d", f.Risk, Risk(f.Factors))
			}
		})
	}
}

// An impersonating site outranks the same name that only has records: the
// +40 comes on top of the evidence terms a third party gets.
func TestJudgeWebRisk(t *testing.T) {
	brand := mustBrand(t, "acmebank.com")
	p := NewProfile(brand, resolve.Result{}, "", nil, nil, nil)
	r := result(t, "acmebank.com", "acmebank-login.com", resolve.Registered)
	r.NS, r.A = []string{"ns1.host.example"}, []string{"192.0.2.7"}
	plain := Judge(p, r, testNow)
	w := &Web{Fetch: true, Page: &web.Record{Signals: []web.Signal{{Kind: web.Impersonating, Evidence: "login form naming acmebank", Why: "asks for a password"}}}}
	imp := JudgeWeb(p, r, testNow, w)
	if imp.Risk <= plain.Risk && plain.Risk < 100 {
		t.Errorf("impersonating risk %d, third-party %d: want higher", imp.Risk, plain.Risk)
	}
	var terms []string
	for _, x := range imp.Factors {
		terms = append(terms, x.Term)
	}
	if got := strings.Join(terms, " "); got != "name tld mail web impersonating" {
		t.Errorf("terms %q, want name tld mail web impersonating", got)
	}
}
