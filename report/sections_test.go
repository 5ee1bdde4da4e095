package report

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
)

// sampleFindings is a small scan of airfrance.fr with every verdict, judged
// against testProfile.
func sampleFindings(t *testing.T) []judge.Finding {
	t.Helper()
	p := testProfile(t)
	type rs struct {
		domain string
		status resolve.Status
		reason string
		ns, mx []string
		a      []string
		cname  []string
		rdap   *resolve.RDAP
	}
	var out []judge.Finding
	for _, x := range []rs{
		{domain: "websupportairfrance.fr", status: resolve.Unregistered},
		{domain: "airfrance-remboursement.fr", status: resolve.Unregistered},
		{domain: "airfbance.fr", status: resolve.Unregistered},
		{domain: "airfrsnce.fr", status: resolve.Unregistered},
		{domain: "аirfrance.fr", status: resolve.Unregistered},
		{domain: "airfrance-defence.fr", status: resolve.Unregistered},
		{domain: "airfrance-support.com", status: resolve.Registered, ns: []string{"ns1.evil-dns.net"},
			mx: []string{"mail.evil-dns.net"}, a: []string{"203.0.113.5"},
			rdap: &resolve.RDAP{Registrar: "Example Registrar\x1b[31m", Created: "2026-11-01T00:00:00Z"}},
		{domain: "airfrance-claims.fr", status: resolve.Registered, ns: []string{"kate.ns.cloudflare.com"}, a: []string{"203.0.113.6"}},
		{domain: "airfrance-booking.fr", status: resolve.Registered, reason: resolve.ReasonRDAPHold},
		{domain: "airfranse.fr", status: resolve.Registered, ns: []string{"ns1.sedoparking.com", "ns2.sedoparking.com"}},
		{domain: "airfrance.shop", status: resolve.Registered, ns: []string{"ns1.dan.com"}},
		{domain: "airfrance.de", status: resolve.Registered, ns: []string{"ns1.airfrance.fr"}, mx: []string{"mx1.airfrance.fr"}},
		{domain: "www-airfrance.fr", status: resolve.Registered, cname: []string{"www.airfrance.fr"}, a: []string{"192.0.2.80"}},
		{domain: "airfrance-login.fr", status: resolve.Unknown, reason: resolve.ReasonTimeout},
		{domain: "airfrance.xyz", status: resolve.Unknown, reason: resolve.ReasonWildcardTLD},
	} {
		r := result(t, "airfrance.fr", x.domain, x.status)
		r.Reason, r.NS, r.MX, r.A, r.CNAME, r.RDAP = x.reason, x.ns, x.mx, x.a, x.cname, x.rdap
		out = append(out, judge.Judge(p, r, testNow))
	}
	return out
}

func TestSectionsGolden(t *testing.T) {
	tests := []struct {
		name  string
		top   int
		color bool
		extra bool // a second brand
	}{
		{"sections.golden", 20, false, false},
		{"sections-top2.golden", 2, false, false},
		{"sections-color.golden", 20, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSections(tt.top)
			fs := sampleFindings(t)
			if tt.extra {
				p := judge.NewProfile(mustBrand(t, "paypal.com"), resolve.Result{}, "", nil, nil, nil)
				fs = append(fs,
					judge.Judge(p, result(t, "paypal.com", "раураl.com", resolve.Unregistered), testNow),
					judge.Judge(p, result(t, "paypal.com", "paypal-login.com", resolve.Registered), testNow))
			}
			// Arrival order must not matter.
			slices.Reverse(fs)
			for _, f := range fs {
				s.Add(f)
			}
			var buf bytes.Buffer
			if err := s.WriteTable(&buf, tt.color); err != nil {
				t.Fatal(err)
			}
			if !tt.color && strings.ContainsRune(buf.String(), '\x1b') {
				t.Error("an escape character reached the plain table")
			}
			goldenFile(t, tt.name, buf.Bytes())
		})
	}
}

// With a million findings a section keeps only its top: the counts are exact
// and the names kept are the riskiest, ties broken by domain.
func TestSectionsKeepTheTop(t *testing.T) {
	n, top := 1000*len(judge.Verdicts), 7
	s := NewSections(top)
	var all []judge.Finding
	for i := range n {
		f := judge.Finding{Verdict: judge.Verdicts[i%len(judge.Verdicts)], Risk: (i * 7919) % 101}
		f.Domain = fmt.Sprintf("name%05d.fr", i)
		f.Brand = "airfrance.fr"
		all = append(all, f)
		s.Add(f)
	}
	for i, v := range sectionOrder {
		if got, want := s.Count(v), n/len(judge.Verdicts); got != want {
			t.Errorf("Count(%s) = %d, want %d", v, got, want)
		}
		if s.heaps[i].Len() != top {
			t.Fatalf("section %s keeps %d entries, want %d", v, s.heaps[i].Len(), top)
		}
		var want []string
		for _, f := range all {
			if f.Verdict == v {
				want = append(want, fmt.Sprintf("%03d %s", 100-f.Risk, f.Domain))
			}
		}
		slices.Sort(want)
		var got []string
		for _, e := range s.heaps[i] {
			got = append(got, fmt.Sprintf("%03d %s", 100-e.risk, e.domain))
		}
		slices.Sort(got)
		if !slices.Equal(got, want[:top]) {
			t.Errorf("section %s kept %v, want %v", v, got, want[:top])
		}
	}
}

func TestSectionsEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := NewSections(0).WriteTable(&buf, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Summary", "all brands", "Register these first (defend): 0\nnone"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("empty report lacks %q:\n%s", want, buf.String())
		}
	}
}

func BenchmarkSectionsAdd(b *testing.B) {
	s := NewSections(20)
	f := judge.Finding{Verdict: judge.Defend}
	f.Domain, f.Brand = "airfrance-x.fr", "airfrance.fr"
	for i := 0; b.Loop(); i++ {
		f.Risk = i % 50
		s.Add(f)
	}
}
