package audit

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseSPF(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string // terms in record syntax
		wantErr string
	}{
		{"typical", "v=spf1 ip4:192.0.2.0/24 include:_spf.google.com ~all",
			[]string{"ip4:192.0.2.0/24", "include:_spf.google.com", "~all"}, ""},
		{"qualifiers, case and spacing", "V=SPF1   +MX  -A:Mail.Brand.fr/24  ?exists:%{i}.x.com   -ALL ",
			[]string{"mx", "-a:Mail.Brand.fr/24", "?exists:%{i}.x.com", "-all"}, ""},
		{"dual CIDR on a bare mechanism", "v=spf1 a/24//64 mx//64 -all", []string{"a/24//64", "mx//64", "-all"}, ""},
		{"ip6 with colons", "v=spf1 ip6:2001:db8::/32 -all", []string{"ip6:2001:db8::/32", "-all"}, ""},
		{"modifiers", "v=spf1 redirect=_spf.brand.fr exp=explain.brand.fr x-custom=1",
			[]string{"redirect=_spf.brand.fr", "exp=explain.brand.fr", "x-custom=1"}, ""},
		{"version only", "v=spf1", nil, ""},
		{"not SPF", "google-site-verification=abc", nil, ErrNotSPF.Error()},
		{"spf10 is not spf1", "v=spf10 -all", nil, ErrNotSPF.Error()},
		{"unknown mechanism", "v=spf1 include:a.com frob:x -all", []string{"include:a.com"}, "unknown mechanism"},
		{"include without a domain", "v=spf1 include: -all", nil, "needs an argument"},
		{"include with no colon", "v=spf1 include -all", nil, "needs an argument"},
		{"all with an argument", "v=spf1 all:x", nil, "no argument"},
		{"redirect twice", "v=spf1 redirect=a.com redirect=b.com", []string{"redirect=a.com"}, "twice"},
		{"empty redirect", "v=spf1 redirect=", nil, "needs a domain"},
		{"bad modifier name", "v=spf1 1x=y", nil, "bad modifier"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			terms, err := ParseSPF(tc.in)
			var got []string
			for _, term := range terms {
				got = append(got, term.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("terms %q, want %q", got, tc.want)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Errorf("err = %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("err = %v, want one saying %q", err, tc.wantErr)
			}
		})
	}
}

func TestSPFTermDomain(t *testing.T) {
	tests := []struct {
		term string
		want string // "" for none
	}{
		{"include:_spf.brand.fr", "_spf.brand.fr"},
		{"include:Brand.FR.", "brand.fr"},
		{"exists:%{i}._spf.brand.fr", "_spf.brand.fr"},
		{"exists:%{ir}.%{v}._spf.%{d2}", ""},
		{"include:%{d}", ""},
		{"a:%{l}.x", ""},
		{"a", ""},
		{"mx:mail.brand.fr/24", "mail.brand.fr"},
		{"ip4:192.0.2.1", ""},
		{"all", ""},
		{"redirect=_spf.brand.fr", "_spf.brand.fr"},
		{"x-other=brand.fr", ""},
	}
	for _, tc := range tests {
		t.Run(tc.term, func(t *testing.T) {
			terms, err := ParseSPF("v=spf1 " + tc.term)
			if err != nil || len(terms) != 1 {
				t.Fatalf("parse %q: %v %v", tc.term, terms, err)
			}
			got, ok := terms[0].Domain()
			if ok != (tc.want != "") || got != tc.want {
				t.Errorf("Domain() = %q, %v; want %q", got, ok, tc.want)
			}
		})
	}
}

func FuzzParseSPF(f *testing.F) {
	for _, s := range []string{
		"v=spf1 ip4:192.0.2.0/24 include:_spf.google.com ~all",
		"v=spf1 a/24//64 mx:%{d}/24 redirect=x.com", "v=spf1 +", "v=spf1 =x", "v=spf1 ip6::/0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms, err := ParseSPF(s)
		if err != nil {
			return
		}
		// A record that parses gives the same terms when written back.
		parts := []string{"v=spf1"}
		for _, term := range terms {
			parts = append(parts, term.String())
		}
		again, err := ParseSPF(strings.Join(parts, " "))
		if err != nil {
			t.Fatalf("%q parsed, its rewrite %q did not: %v", s, strings.Join(parts, " "), err)
		}
		if !reflect.DeepEqual(again, terms) {
			t.Fatalf("rewrite changed the terms: %+v != %+v", again, terms)
		}
		for _, term := range terms {
			if d, ok := term.Domain(); ok && (strings.Contains(d, "%") || !strings.Contains(d, ".")) {
				t.Fatalf("Domain() of %q = %q", term, d)
			}
		}
	})
}

func TestParseDMARC(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    DMARC
		wantErr error
		errText string
	}{
		{"full", "v=DMARC1; p=Reject; sp=none; rua=mailto:a@brand.fr,mailto:b@vendor.com!10m; ruf=mailto:f@brand-f.fr; pct=100",
			DMARC{Policy: "reject", SubdomainPolicy: "none", RUA: []string{"mailto:a@brand.fr", "mailto:b@vendor.com"}, RUF: []string{"mailto:f@brand-f.fr"},
				Tags: map[string]string{"v": "DMARC1", "p": "Reject", "sp": "none", "rua": "mailto:a@brand.fr,mailto:b@vendor.com!10m", "ruf": "mailto:f@brand-f.fr", "pct": "100"}}, nil, ""},
		{"spacing and trailing semicolon", " v = DMARC1 ;p=none;",
			DMARC{Policy: "none", Tags: map[string]string{"v": "DMARC1", "p": "none"}}, nil, ""},
		{"not DMARC", "v=spf1 -all", DMARC{}, ErrNotDMARC, ""},
		{"version must come first", "p=none; v=DMARC1", DMARC{}, ErrNotDMARC, ""},
		{"empty", "", DMARC{}, ErrNotDMARC, ""},
		{"repeated tag", "v=DMARC1; p=none; p=reject", DMARC{}, nil, "twice"},
		{"no policy and no reports", "v=DMARC1; pct=50", DMARC{}, nil, "neither"},
		{"tag without '='", "v=DMARC1; p=none; junk", DMARC{}, nil, "no '='"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDMARC(tc.in)
			switch {
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("err = %v, want %v", err, tc.wantErr)
				}
				return
			case tc.errText != "":
				if err == nil || !strings.Contains(err.Error(), tc.errText) {
					t.Errorf("err = %v, want one saying %q", err, tc.errText)
				}
				return
			case err != nil:
				t.Fatalf("err = %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestReportHost(t *testing.T) {
	tests := []struct{ uri, want string }{
		{"mailto:dmarc@Brand-Reports.fr", "Brand-Reports.fr"},
		{"mailto:a%40b@reports.brand.fr?subject=x", "reports.brand.fr"},
		{"https://dmarc.vendor.com/r", "dmarc.vendor.com"},
		{"mailto:nobody", ""},
	}
	for _, tc := range tests {
		got, ok := reportHost(tc.uri)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("reportHost(%q) = %q, %v; want %q", tc.uri, got, ok, tc.want)
		}
	}
}

func FuzzParseDMARC(f *testing.F) {
	f.Add("v=DMARC1; p=reject; rua=mailto:a@b.fr!10m,,mailto:; ruf=")
	f.Add("v=DMARC1;;;=;p")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDMARC(s)
		if err != nil {
			return
		}
		if d.Tags["v"] != "DMARC1" || (d.Policy == "" && len(d.RUA) == 0) {
			t.Fatalf("accepted %q as %+v", s, d)
		}
		for _, u := range append(d.RUA, d.RUF...) {
			if u == "" || strings.Contains(u, ",") {
				t.Fatalf("bad report URI %q from %q", u, s)
			}
			_, _ = reportHost(u)
		}
	})
}
