package judge

import (
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/resolve"
)

// testProfile is Air France as the tests see it: its own name server, a
// Cloudflare one and Google mail (both shared with millions), two portfolio
// domains and the analyst's patterns.
func testProfile(t testing.TB) *Profile {
	t.Helper()
	return NewProfile(mustBrand(t, "airfrance.fr"),
		resolve.Result{
			NS: []string{"ns1.airfrance.fr.", "Kate.NS.Cloudflare.com"},
			MX: []string{"aspmx.l.google.com"},
			A:  []string{"192.0.2.80"},
		},
		"hostmaster.airfrance.fr",
		map[string]bool{"af-klm.com": true, "AirFrance-Defence.FR.": true, "ignored.fr": false},
		[]string{"klm-infra.net", "ns?.afkl-dns.*"},
		[]string{"mx.klm-mail.net"},
	)
}

func TestJudgeVerdicts(t *testing.T) {
	p := testProfile(t)
	type rec struct{ ns, mx, a, cname []string }
	tests := []struct {
		name        string
		domain      string
		status      resolve.Status
		reason      string
		rec         rec
		rdap        *resolve.RDAP
		wantVerdict Verdict
		wantMail    bool
		wantParking string
		wantEv      []string // each must be among the evidence
	}{
		{name: "unregistered is defend", domain: "airfrance-refund.fr", status: resolve.Unregistered,
			wantVerdict: Defend},
		{name: "timeout is unknown, never defend", domain: "airfrance-login.fr", status: resolve.Unknown, reason: resolve.ReasonTimeout,
			wantVerdict: Unknown, wantEv: []string{"unknown: timeout"}},
		{name: "unknown without reason", domain: "airfrance-login.fr", status: resolve.Unknown,
			wantVerdict: Unknown, wantEv: []string{"unknown: not resolved"}},
		{name: "third party with mail", domain: "websupportairfrance.fr", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.evil-dns.net"}, mx: []string{"mail.evil.net", "mx2.evil.net"}, a: []string{"203.0.113.9"}},
			wantVerdict: ThirdParty, wantMail: true, wantEv: []string{"mx mail.evil.net (+1)", "a 203.0.113.9"}},
		{name: "shared Cloudflare name server is not owned", domain: "airfrance-support.com", status: resolve.Registered,
			rec:         rec{ns: []string{"kate.ns.cloudflare.com.", "bob.ns.cloudflare.com."}},
			wantVerdict: ThirdParty, wantEv: []string{"ns kate.ns.cloudflare.com shared with brand: not proof of ownership"}},
		{name: "shared Google mail is not owned", domain: "airfrance-support.com", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.evil-dns.net"}, mx: []string{"aspmx.l.google.com"}},
			wantVerdict: ThirdParty, wantMail: true, wantEv: []string{"mx aspmx.l.google.com shared with brand: not proof of ownership"}},
		{name: "parking service", domain: "airfranse.fr", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.sedoparking.com.", "ns2.sedoparking.com."}},
			wantVerdict: Parked, wantParking: "Sedo", wantEv: []string{"ns ns1.sedoparking.com (Sedo: parking)"}},
		{name: "marketplace", domain: "airfrance.shop", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.dan.com"}},
			wantVerdict: Parked, wantParking: "Dan.com", wantEv: []string{"ns ns1.dan.com (Dan.com: marketplace)"}},
		{name: "portfolio", domain: "airfrance-defence.fr", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.evil-dns.net"}},
			wantVerdict: Owned, wantEv: []string{"in portfolio"}},
		{name: "portfolio wins over parking", domain: "airfrance-defence.fr", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.sedoparking.com"}},
			wantVerdict: Owned, wantEv: []string{"in portfolio"}},
		{name: "name server under the brand domain", domain: "airfrance.de", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.airfrance.fr"}},
			wantVerdict: Owned, wantEv: []string{"ns ns1.airfrance.fr under brand domain"}},
		{name: "name server under a portfolio domain", domain: "airfrance.nl", status: resolve.Registered,
			rec:         rec{ns: []string{"dns2.AF-KLM.com."}},
			wantVerdict: Owned, wantEv: []string{"ns dns2.af-klm.com under portfolio domain af-klm.com"}},
		{name: "owner-ns domain pattern", domain: "airfrance.be", status: resolve.Registered,
			rec:         rec{ns: []string{"a.dns.klm-infra.net"}},
			wantVerdict: Owned, wantEv: []string{"ns a.dns.klm-infra.net matches --owner-ns klm-infra.net"}},
		{name: "owner-ns glob pattern", domain: "airfrance.ch", status: resolve.Registered,
			rec:         rec{ns: []string{"ns3.afkl-dns.org"}},
			wantVerdict: Owned, wantEv: []string{"ns ns3.afkl-dns.org matches --owner-ns ns?.afkl-dns.*"}},
		{name: "owner-ns suffix needs a label boundary", domain: "airfrance.ch", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.notklm-infra.net"}},
			wantVerdict: ThirdParty},
		{name: "mail host under the brand domain", domain: "airfrance.it", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.registrar.example"}, mx: []string{"mx1.airfrance.fr"}},
			wantVerdict: Owned, wantMail: true, wantEv: []string{"mx mx1.airfrance.fr under brand domain"}},
		{name: "owner-mx pattern", domain: "airfrance.es", status: resolve.Registered,
			rec:         rec{mx: []string{"mx.klm-mail.net"}},
			wantVerdict: Owned, wantMail: true, wantEv: []string{"mx mx.klm-mail.net matches --owner-mx mx.klm-mail.net"}},
		{name: "cname into the brand", domain: "www-airfrance.fr", status: resolve.Registered,
			rec:         rec{cname: []string{"www.airfrance.fr"}, a: []string{"192.0.2.80"}},
			wantVerdict: Owned, wantMail: true, wantEv: []string{"cname www.airfrance.fr into brand domain"}},
		{name: "mail by fallback to the address", domain: "airfrance-claims.fr", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.evil-dns.net"}, a: []string{"203.0.113.7", "203.0.113.8"}},
			wantVerdict: ThirdParty, wantMail: true, wantEv: []string{"no mx: 203.0.113.7 (+1) takes mail (RFC 5321 §5.1)"}},
		{name: "null mx refuses mail", domain: "airfrance-claims.fr", status: resolve.Registered,
			rec:         rec{ns: []string{"ns1.evil-dns.net"}, mx: []string{"."}, a: []string{"203.0.113.7"}},
			wantVerdict: ThirdParty, wantEv: []string{"null mx: refuses mail (RFC 7505)"}},
		{name: "rdap hold is a dormant third party", domain: "airfrance-booking.fr", status: resolve.Registered, reason: resolve.ReasonRDAPHold,
			rdap:        &resolve.RDAP{Registrar: "Example Registrar SAS", Created: "2026-11-01T08:00:00Z", Status: []string{"client hold"}},
			wantVerdict: ThirdParty, wantEv: []string{"dormant: registered, not delegated (rdap hold)", "registrar Example Registrar SAS", "created 2026-11-01 (26 days)", "rdap status client hold"}},
		{name: "registry has it, dns could not tell", domain: "airfrance-booking.fr", status: resolve.Registered, reason: resolve.ReasonRDAPFound,
			wantVerdict: ThirdParty, wantEv: []string{"registered per rdap; dns could not tell"}},
		{name: "portfolio name that lapsed", domain: "airfrance-defence.fr", status: resolve.Unregistered,
			wantVerdict: Defend, wantEv: []string{EvidenceLapsed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result(t, "airfrance.fr", tt.domain, tt.status)
			r.Reason, r.NS, r.MX, r.A, r.CNAME, r.RDAP = tt.reason, tt.rec.ns, tt.rec.mx, tt.rec.a, tt.rec.cname, tt.rdap
			f := Judge(p, r, testNow)
			if f.Verdict != tt.wantVerdict {
				t.Errorf("verdict = %s, want %s (evidence %q)", f.Verdict, tt.wantVerdict, f.Evidence)
			}
			if f.Mail != tt.wantMail {
				t.Errorf("mail = %v, want %v", f.Mail, tt.wantMail)
			}
			if f.Parking != tt.wantParking {
				t.Errorf("parking = %q, want %q", f.Parking, tt.wantParking)
			}
			for _, e := range tt.wantEv {
				if !slices.Contains(f.Evidence, e) {
					t.Errorf("evidence %q lacks %q", f.Evidence, e)
				}
			}
			if f.Risk < 0 || f.Risk > 100 {
				t.Errorf("risk %d outside 0–100", f.Risk)
			}
		})
	}
}

// Without a profile (a --candidates file with no brand) nothing can be
// owned, but parking and mail are still read from the records.
func TestJudgeWithoutProfile(t *testing.T) {
	r := result(t, "", "airfrance-defence.fr", resolve.Registered)
	r.NS = []string{"ns1.airfrance.fr"}
	if f := Judge(nil, r, testNow); f.Verdict != ThirdParty {
		t.Errorf("verdict = %s, want third-party", f.Verdict)
	}
	r.NS = []string{"ns1.bodis.com"}
	f := Judge(nil, r, testNow)
	if f.Verdict != Parked || f.Parking != "Bodis" {
		t.Errorf("verdict = %s (%q), want parked (Bodis)", f.Verdict, f.Parking)
	}
	if f.Risk < 1 {
		t.Errorf("risk = %d, want the TLD and form terms at least", f.Risk)
	}
}

func TestParseVerdict(t *testing.T) {
	for _, v := range Verdicts {
		got, err := ParseVerdict(" " + strings.ToUpper(string(v)) + " ")
		if err != nil || got != v {
			t.Errorf("ParseVerdict(%q) = %q, %v", v, got, err)
		}
	}
	if _, err := ParseVerdict("dormant"); err == nil {
		t.Error("ParseVerdict accepted a verdict that does not exist")
	}
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2026-11-01T08:00:00Z", "2026-11-01", true},
		{"2026-11-01T23:30:00-05:00", "2026-11-02", true},
		{"2026-11-01", "2026-11-01", true},
		{"2026-11-01 garbage", "2026-11-01", true},
		{"yesterday", "", false},
		{"", "", false},
	} {
		got, ok := parseDate(tt.in)
		if ok != tt.ok || ok && got.Format("2006-01-02") != tt.want {
			t.Errorf("parseDate(%q) = %v, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if d := ageDays(testNow.AddDate(0, 0, 3), testNow); d != 0 {
		t.Errorf("a creation date in the future is %d days old, want 0", d)
	}
}

func BenchmarkJudge(b *testing.B) {
	p := testProfile(b)
	names := []string{"websupportairfrance.fr", "airfrsnce.fr", "xn--irfrance-06g.fr", "airfrance.com"}
	rs := make([]resolve.Result, len(names))
	for i, n := range names {
		rs[i] = result(b, "airfrance.fr", n, resolve.Unregistered)
	}
	for i := 0; b.Loop(); i++ {
		Judge(p, rs[i%len(rs)], testNow)
	}
}
