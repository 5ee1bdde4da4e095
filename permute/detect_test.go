package permute

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lookalike/lookalike/names"
)

// detectFuzzers are the fuzzers issue 11 added to find what attackers
// register: their output is pinned per golden brand like dnstwist's.
var detectFuzzers = []struct {
	name string
	run  func(*fuzzCtx, emitFunc)
}{
	{"one-edit", fuzzOneEdit},
	{"tld-typo", fuzzTLDTypo},
	{"idn-homograph", fuzzIDNHomograph},
}

// TestDetectFuzzerGolden pins the new fuzzers' output, in order.
// Refresh with: go test ./permute -run TestDetectFuzzerGolden -update
func TestDetectFuzzerGolden(t *testing.T) {
	for _, f := range detectFuzzers {
		for _, domain := range append(slices.Clone(goldenBrands), "xn--e1afmkfd.xn--p1ai") {
			t.Run(f.name+"/"+domain, func(t *testing.T) {
				var sb strings.Builder
				for _, n := range collect(testCtx(t, domain, nil), f.run) {
					sb.WriteString(n.domain)
					if n.unicode != n.domain {
						sb.WriteString(" " + n.unicode)
					}
					sb.WriteByte('\n')
				}
				b, _ := ParseBrand(domain)
				checkGolden(t, filepath.Join("testdata", "golden", f.name, b.Domain+".golden"), sb.String())
			})
		}
	}
}

func TestOneEdit(t *testing.T) {
	runFuzzCases(t, fuzzOneEdit, []fuzzCase{
		// Far from the keys beside: the keyboard fuzzers miss these.
		{name: "insertion far from the keys", brand: "americanexpress.com", has: []string{"americaneoxpress.com", "americanexpriess.com"}},
		{name: "replacement far from the keys", brand: "discord.com", has: []string{"discxrd.com", "dfscord.com"}},
		{name: "deletion and swap", brand: "paypal.com", has: []string{"paypl.com", "papyal.com"}},
		// 6 deletions, 5 swaps, 6×36 replacements, 7×37 insertions, fewer the
		// duplicates (doubling a letter at its left or right is one name) and
		// the hyphens at an end.
		{name: "volume of a six-letter label", brand: "paypal.com", hasNot: []string{"-paypal.com", "paypal-.com"}},
		{name: "Cyrillic brand stays Cyrillic", brand: "пример.рф", has: []string{"прмер.рф", "пирмер.рф", "приимер.рф"}, hasNot: []string{"приaмер.рф"}},
	})
	got := unicodeNames(t, fuzzOneEdit, "paypal.com", nil)
	if n := len(got); n < 400 || n > 520 {
		t.Errorf("paypal.com: %d one-edit names, want about 75 a letter (400-520)", n)
	}
}

func TestTLDTypo(t *testing.T) {
	runFuzzCases(t, fuzzTLDTypo, []fuzzCase{
		{name: "com", brand: "paypal.com", want: []string{"paypal.om", "paypal.cm", "paypal.co", "paypal.cam"}},
		{name: "second-level suffix", brand: "commbank.com.au", has: []string{"commbank.com.ua"}},
		{name: "no real typo", brand: "example.org", want: nil, n: 0},
		{name: "fr", brand: "airfrance.fr", has: []string{"airfrance.tr", "airfrance.gr"}, hasNot: []string{"airfrance.ar", "airfrance.fi"}},
	})
	for _, got := range unicodeNames(t, fuzzTLDTypo, "microsoft.com", nil) {
		if _, sx, _ := strings.Cut(got, "."); !names.IsPublicSuffix(sx) {
			t.Errorf("%s: not under a public suffix", got)
		}
	}
}

// FuzzDetectFuzzers checks the new fuzzers' invariants on any brand: never
// the brand, valid UTF-8, no upper case, and every name kept is valid.
// Run: go test ./permute -run '^$' -fuzz FuzzDetectFuzzers -fuzztime 20s
func FuzzDetectFuzzers(f *testing.F) {
	for _, s := range []string{"airfrance.fr", "a.fr", "air-france.fr", "3com.com", "àirfrance.fr", "hsbc.co.uk", "пример.рф", "ab--c.com", "commbank.com.au"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		b, err := ParseBrand(input)
		if err != nil {
			return
		}
		c := testCtx(t, input, nil)
		for _, fz := range detectFuzzers {
			fz.run(c, func(v variant) {
				switch {
				case !utf8.ValidString(v.label) || v.label == "":
					t.Fatalf("%s(%q): bad label %q", fz.name, input, v.label)
				case v.label == b.ULabel && (v.suffix == "" || v.suffix == b.Suffix):
					t.Fatalf("%s(%q): emitted the brand", fz.name, input)
				case strings.IndexFunc(v.label, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0:
					t.Fatalf("%s(%q): upper case in %q", fz.name, input, v.label)
				}
			})
			for _, n := range collect(c, fz.run) {
				if !names.Valid(n.domain) || n.domain == b.Domain {
					t.Fatalf("%s(%q): kept %q", fz.name, input, n.domain)
				}
			}
		}
	})
}

func TestComboTiers(t *testing.T) {
	g := mustGen(t, Options{Fuzzers: []string{"combo", "tld-swap"}})
	got := map[string][]string{}
	for _, c := range generateAll(t, g, "airfrance.fr") {
		got[c.Domain] = c.Fuzzers
	}
	tests := []struct {
		name, domain string
		want         bool
	}{
		{"default pair under the brand's suffix", "airfrance-account-verify.fr", true},
		{"default pair around the brand", "secure-airfrance-login.fr", true},
		{"default pair under a cheap TLD", "secure-airfrance-login.top", true},
		{"default pair not under the rest of the swap set", "secure-airfrance-login.de", false},
		{"other core pairs only with the sweep", "airfrance-login-support.fr", false},
		{"non-core keyword under com", "airfrance-suivicolis.com", true},
		{"non-core keyword not under a cheap TLD", "airfrance-suivicolis.top", false},
		{"core keyword under the swap set", "airfrance-support.de", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := got[tt.domain]; ok != tt.want {
				t.Errorf("%s generated: %v, want %v", tt.domain, ok, tt.want)
			}
		})
	}
	g = mustGen(t, Options{Fuzzers: []string{"combo"}, NoDefaultKeywords: true, Keywords: []string{"support"}})
	for _, c := range generateAll(t, g, "airfrance.fr") {
		if strings.Contains(c.Domain, "verify") {
			t.Errorf("%s: default pairs made without the default keywords", c.Domain)
		}
	}
}

func TestIDNHomographUnavailable(t *testing.T) {
	all := func(opt Options, domain string) map[string]Candidate {
		m := map[string]Candidate{}
		for _, c := range generateAll(t, mustGen(t, opt), domain) {
			m[c.Domain] = c
		}
		return m
	}
	apple := all(Options{Fuzzers: []string{"idn-homograph"}}, "apple.com")
	paypal := all(Options{}, "paypal.com")
	airfrance := all(Options{Fuzzers: []string{"idn-homograph"}}, "airfrance.fr")
	tests := []struct {
		name        string
		got         map[string]Candidate
		domain      string
		present     bool
		unavailable bool
	}{
		// аррӏе.com, registered in 2017 to show the attack.
		{"whole-script Cyrillic under .com", apple, "xn--80ak6aa92e.com", true, true},
		{"one Cyrillic letter under .com", paypal, "pаypal.com", true, true},
		{"one Greek letter under .net", paypal, "pαypal.net", true, true},
		{"accented letter the registry sells", airfrance, "àirfrance.fr", true, false},
		{"Cyrillic under .fr, never sold", airfrance, "аirfrance.fr", false, false},
		{"Cyrillic a under .com for a .fr brand", airfrance, "аirfrance.com", true, true},
		{"Cyrillic under .org, never sold mixed", airfrance, "аirfrance.org", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := names.ToASCII(tt.domain)
			if !ok {
				t.Fatalf("%s is no name", tt.domain)
			}
			c, ok := tt.got[d]
			if ok != tt.present {
				t.Fatalf("%s generated: %v, want %v", tt.domain, ok, tt.present)
			}
			if ok && (c.Unavailable != "") != tt.unavailable {
				t.Errorf("%s (%s): Unavailable %q, want set: %v", tt.domain, c.Unicode, c.Unavailable, tt.unavailable)
			}
			if tt.unavailable && !strings.Contains(c.Unavailable, "not sold") {
				t.Errorf("%s: reason %q does not say what the rule is", tt.domain, c.Unavailable)
			}
		})
	}
	for _, c := range paypal {
		if c.Unavailable != "" && strings.Count(c.Domain, ".") == 1 && !strings.HasSuffix(c.Domain, ".com") && !strings.HasSuffix(c.Domain, ".net") {
			t.Errorf("%s unavailable outside the registries that once sold every label", c.Domain)
		}
	}
	for _, c := range all(Options{SellableOnly: true}, "paypal.com") {
		if c.Unavailable != "" {
			t.Fatalf("%s made with SellableOnly", c.Domain)
		}
	}
}

func TestUnsellable(t *testing.T) {
	tests := []struct {
		name, domain string
		want         string // substring of the reason; "" for none
	}{
		{"ASCII", "paypal.com", ""},
		{"accents .fr sells", "xn--irfrance-yya.fr", ""},
		{"whole-script Cyrillic .com, grandfathered", "xn--80ak6aa92e.com", "older registrations"},
		{"Cyrillic under .fr, never sold", "аirfrance.fr", "outside its IDN tables"},
		{"subdomain of a sellable name", "xn--pple-43d.example.com", ""},
		{"not under a suffix", "com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := names.ToASCII(tt.domain)
			if !ok {
				t.Fatalf("%s is no name", tt.domain)
			}
			got := Unsellable(d)
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("Unsellable(%s) = %q, want %q", d, got, tt.want)
			}
		})
	}
	c, err := ParseName("аррӏе.com", "apple.com")
	if err != nil || c.Unavailable == "" {
		t.Errorf("ParseName(аррӏе.com) = %+v, %v; want Unavailable set", c, err)
	}
}
