package permute

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lookalike/lookalike/names"
	"golang.org/x/net/idna"
)

func mustGen(t testing.TB, opt Options) *Generator {
	t.Helper()
	g, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func generateAll(t testing.TB, g *Generator, domain string) []Candidate {
	t.Helper()
	b, err := ParseBrand(domain)
	if err != nil {
		t.Fatal(err)
	}
	seq, err := g.Generate(b)
	if err != nil {
		t.Fatal(err)
	}
	return slices.Collect(seq)
}

// checkInvariants holds for every output of every brand: valid, unique, never
// the brand, credited, consistent Unicode form.
func checkInvariants(t testing.TB, b Brand, cands []Candidate) {
	t.Helper()
	seen := make(map[string]bool, len(cands))
	for _, c := range cands {
		if !names.Valid(c.Domain) {
			t.Fatalf("%s: invalid name %q", b.Domain, c.Domain)
		}
		if c.Domain != strings.ToLower(c.Domain) {
			t.Fatalf("%s: not lower-case %q", b.Domain, c.Domain)
		}
		if c.Domain == b.Domain {
			t.Fatalf("%s: the brand itself came out", b.Domain)
		}
		if seen[c.Domain] {
			t.Fatalf("%s: duplicate %q", b.Domain, c.Domain)
		}
		seen[c.Domain] = true
		if len(c.Fuzzers) == 0 || c.Brand != b.Domain {
			t.Fatalf("%s: candidate %+v not credited", b.Domain, c)
		}
		if !utf8.ValidString(c.Unicode) {
			t.Fatalf("%s: unicode %q not UTF-8", b.Domain, c.Unicode)
		}
		if a, err := idna.ToASCII(c.Unicode); err != nil || a != c.Domain {
			t.Fatalf("%s: unicode %q does not encode to %q (%q, %v)", b.Domain, c.Unicode, c.Domain, a, err)
		}
	}
}

func TestGenerateInvariants(t *testing.T) {
	g := mustGen(t, Options{Fuzzers: []string{"all"}})
	for _, d := range []string{"airfrance.fr", "paypal.com", "google.com", "microsoft.com", "example.co.uk", "àirfrance.fr", "a.de", "3com.com", "air-france.fr", "xn--e1afmkfd.xn--p1ai"} {
		t.Run(d, func(t *testing.T) {
			b, _ := ParseBrand(d)
			cands := generateAll(t, g, d)
			if len(cands) == 0 {
				t.Fatal("no candidates")
			}
			checkInvariants(t, b, cands)
		})
	}
}

func TestGenerateCountMatches(t *testing.T) {
	for _, opt := range []Options{{}, {Fuzzers: []string{"all"}}, {TLDs: []string{"com", "net"}}, {KeywordPairs: true}} {
		g := mustGen(t, opt)
		for _, d := range []string{"airfrance.fr", "hsbc.co.uk", "àirfrance.fr"} {
			b, _ := ParseBrand(d)
			n, err := g.Count(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(generateAll(t, g, d)); got != n {
				t.Errorf("%s %+v: Count %d, Generate %d", d, opt, n, got)
			}
		}
	}
}

func TestGenerateCreditsEveryFuzzer(t *testing.T) {
	g := mustGen(t, Options{Fuzzers: []string{"omission", "combo", "tld-swap"}, Keywords: []string{"support"}, NoDefaultKeywords: true, TLDs: []string{"com"}})
	got := map[string][]string{}
	for _, c := range generateAll(t, g, "airfrance.fr") {
		got[c.Domain] = c.Fuzzers
	}
	tests := []struct {
		name, domain string
		want         []string
	}{
		{"typo under own suffix", "airfrnce.fr", []string{"omission"}},
		{"combo", "airfrance-support.fr", []string{"combo"}},
		{"combo under swapped tld", "airfrance-support.com", []string{"combo", "tld-swap"}},
		{"brand under swapped tld", "airfrance.com", []string{"tld-swap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(got[tt.domain], tt.want) {
				t.Errorf("%s credited %v, want %v", tt.domain, got[tt.domain], tt.want)
			}
		})
	}
	// A typo goes under the cheap-TLD set (here the part of it in TLDs), never
	// under the rest of the swap set.
	if f := got["airfrnce.com"]; !slices.Equal(f, []string{"omission", "tld-swap"}) {
		t.Errorf("airfrnce.com credited %v, want [omission tld-swap]: typos go under the cheap TLDs", f)
	}
	g = mustGen(t, Options{Fuzzers: []string{"omission", "tld-swap"}, TLDs: []string{"com", "de"}, NoAbusedTLDs: true})
	for _, c := range generateAll(t, g, "airfrance.fr") {
		if c.Domain == "airfrnce.com" || c.Domain == "airfrnce.de" {
			t.Errorf("%s made with NoAbusedTLDs", c.Domain)
		}
	}
	g = mustGen(t, Options{Fuzzers: []string{"omission", "tld-swap"}, TLDs: []string{"com", "de"}})
	for _, c := range generateAll(t, g, "airfrance.fr") {
		if c.Domain == "airfrnce.de" {
			t.Error("airfrnce.de made: .de is in the swap set, not in the cheap-TLD set")
		}
	}
}

func TestGenerateSLDFamily(t *testing.T) {
	g := mustGen(t, Options{Fuzzers: []string{"tld-swap"}})
	seen := map[string]bool{}
	for _, c := range generateAll(t, g, "hsbc.co.uk") {
		seen[c.Domain] = true
	}
	for _, want := range []string{"hsbc.org.uk", "hsbc.uk", "hsbc.com"} {
		if !seen[want] {
			t.Errorf("hsbc.co.uk: %s missing", want)
		}
	}
}

func TestGenerateIDNRestrictedByRegistry(t *testing.T) {
	g := mustGen(t, Options{Fuzzers: []string{"homoglyph"}})
	for _, c := range generateAll(t, g, "airfrance.fr") {
		for _, r := range strings.TrimSuffix(c.Unicode, ".fr") {
			if r >= 0x400 && r <= 0x4ff {
				t.Fatalf("%s holds Cyrillic %q, which AFNIC does not sell", c.Unicode, r)
			}
		}
	}
	hasIDN := false
	for _, c := range generateAll(t, g, "airfrance.fr") {
		if strings.HasPrefix(c.Domain, "xn--") {
			hasIDN = true
		}
	}
	if !hasIDN {
		t.Error("no French IDN homoglyph for airfrance.fr")
	}
	for _, c := range generateAll(t, g, "barclays.co.uk") {
		if strings.Contains(c.Domain, "xn--") {
			t.Fatalf("%s: .uk registry sells no IDN label", c.Domain)
		}
	}
}

func TestGenerateStopsEarly(t *testing.T) {
	g := mustGen(t, Options{})
	b, _ := ParseBrand("microsoft.com")
	seq, _ := g.Generate(b)
	n := 0
	for range seq {
		n++
		if n == 10 {
			break
		}
	}
	if n != 10 {
		t.Fatalf("got %d", n)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for name, opt := range map[string]Options{
		"fuzzer":   {Fuzzers: []string{"typo"}},
		"language": {Languages: []string{"xx"}},
		"keyword":  {Keywords: []string{"not a word"}},
		"tld":      {TLDs: []string{"c_m"}},
		"layout":   {Layouts: []string{"colemak-dh-xx"}},
	} {
		if _, err := New(opt); err == nil {
			t.Errorf("%s: New accepted %+v", name, opt)
		}
	}
}

func FuzzGenerate(f *testing.F) {
	for _, s := range []string{"airfrance.fr", "paypal.com", "àirfrance.fr", "a.de", "x-y.co.uk", "1.com", "пример.рф"} {
		f.Add(s)
	}
	g := mustGen(f, Options{Fuzzers: []string{"all"}, TLDs: []string{"com", "de", "xn--p1ai"}})
	f.Fuzz(func(t *testing.T, in string) {
		b, err := ParseBrand(in)
		if err != nil {
			return
		}
		seq, err := g.Generate(b)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, b, slices.Collect(seq))
	})
}

func ExampleGenerator_Generate() {
	g, err := New(Options{Fuzzers: []string{"combo"}, NoDefaultKeywords: true, Keywords: []string{"websupport"}, TLDs: []string{"com"}})
	if err != nil {
		panic(err)
	}
	brand, _ := ParseBrand("https://www.airfrance.fr/fr/remboursement")
	seq, _ := g.Generate(brand)
	for c := range seq {
		fmt.Println(c.Domain, c.Fuzzers)
	}
	// Output:
	// airfrancewebsupport.fr [combo]
	// airfrance-websupport.fr [combo]
	// websupportairfrance.fr [combo]
	// websupport-airfrance.fr [combo]
	// airfrancewebsupport.com [combo tld-swap]
	// airfrance-websupport.com [combo tld-swap]
	// websupportairfrance.com [combo tld-swap]
	// websupport-airfrance.com [combo tld-swap]
}

func ExampleParseBrand() {
	b, err := ParseBrand("https://www.AirFrance.fr/fr/remboursement")
	fmt.Println(b.Domain, b.Label, b.Suffix, b.Subdomain, err)
	_, err = ParseBrand("refunds@airfrance.fr")
	fmt.Println(err)
	// Output:
	// airfrance.fr airfrance fr www <nil>
	// "refunds@airfrance.fr": is an e-mail address; did you mean the domain after @ (airfrance.fr)?
}

func TestGenerateOnlyPublicSuffixes(t *testing.T) {
	g := mustGen(t, Options{TLDs: []string{"all"}, Fuzzers: []string{"tld-swap"}})
	for _, c := range generateAll(t, g, "paypal.com") {
		if _, _, ok := names.Registrable(c.Domain); !ok {
			t.Errorf("%s is not under a public suffix", c.Domain)
		}
	}
	if _, err := New(Options{TLDs: []string{"za"}}); err == nil {
		t.Error("--tlds za accepted: .za sells only under co.za and others")
	}
}
