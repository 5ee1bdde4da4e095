package permute

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/names"
)

func TestParseBrandLine(t *testing.T) {
	tests := []struct {
		name, line string
		domain     string
		terms      []string
		bad        bool
	}{
		{name: "brand alone", line: "airfrance.fr", domain: "airfrance.fr"},
		{name: "terms", line: "apple.com icloud,appleid", domain: "apple.com", terms: []string{"icloud", "appleid"}},
		{name: "spaces after commas", line: "microsoft.com  office365, Outlook ,xbox", domain: "microsoft.com", terms: []string{"office365", "outlook", "xbox"}},
		{name: "URL and comment", line: "https://www.apple.com/fr/ icloud # Apple's", domain: "apple.com", terms: []string{"icloud"}},
		{name: "duplicate term once", line: "apple.com icloud,icloud", domain: "apple.com", terms: []string{"icloud"}},
		{name: "Unicode term", line: "müller.de müllermarkt", domain: "xn--mller-kva.de", terms: []string{"müllermarkt"}},
		{name: "dotted term", line: "apple.com icloud.com", bad: true},
		{name: "bad term", line: "apple.com i_cloud", bad: true},
		{name: "bad brand", line: "notadomain icloud", bad: true},
		{name: "empty", line: "   ", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseBrandLine(tt.line)
			if tt.bad {
				if !errors.Is(err, ErrBadInput) {
					t.Fatalf("ParseBrandLine(%q) = %+v, %v; want ErrBadInput", tt.line, b, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.Domain != tt.domain || !slices.Equal(b.Terms, tt.terms) {
				t.Errorf("ParseBrandLine(%q) = %s %q, want %s %q", tt.line, b.Domain, b.Terms, tt.domain, tt.terms)
			}
		})
	}
}

func TestGenerateTerms(t *testing.T) {
	b, err := ParseBrandLine("apple.com icloud")
	if err != nil {
		t.Fatal(err)
	}
	g := mustGen(t, Options{Terms: []string{"appleid", "apple"}})
	seq, err := g.Generate(b)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Candidate{}
	for c := range seq {
		got[c.Domain] = c
	}
	checkInvariants(t, b, slices.Collect(func(yield func(Candidate) bool) {
		for _, c := range got {
			if !yield(c) {
				return
			}
		}
	}))
	tests := []struct {
		name, domain, term, fuzzer string
	}{
		{"term under the brand's suffix", "icloud.com", "icloud", "brand-term"},
		{"term under a swapped TLD", "icloud.de", "icloud", "tld-swap"},
		{"term typo", "iclod.com", "icloud", "omission"},
		{"term typo under a cheap TLD", "iclod.top", "icloud", "omission"},
		{"term combo", "icloud-login.com", "icloud", "combo"},
		{"term lookalike", "icl0ud.com", "icloud", "homoglyph"},
		{"term from the options", "appleid-verify.com", "appleid", "combo"},
		{"brand names keep no term", "aple.com", "", "omission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := got[tt.domain]
			if !ok {
				t.Fatalf("%s not generated", tt.domain)
			}
			if c.Term != tt.term || !slices.Contains(c.Fuzzers, tt.fuzzer) {
				t.Errorf("%s: term %q fuzzers %v, want term %q and %s", tt.domain, c.Term, c.Fuzzers, tt.term, tt.fuzzer)
			}
			if tt.term != "" && !slices.Contains(c.Fuzzers, "brand-term") {
				t.Errorf("%s: fuzzers %v lack brand-term", tt.domain, c.Fuzzers)
			}
		})
	}
	n, err := g.Count(b)
	if err != nil || n != len(got) {
		t.Errorf("Count = %d, %v; Generate made %d", n, err, len(got))
	}
	if _, err := New(Options{Terms: []string{"ok", "not ok"}}); !errors.Is(err, ErrBadInput) {
		t.Errorf("New with a bad term: %v, want ErrBadInput", err)
	}
}

func ExampleParseBrandLine() {
	b, err := ParseBrandLine("apple.com icloud,appleid")
	fmt.Println(b.Domain, b.Terms, err)
	// Output: apple.com [icloud appleid] <nil>
}

func TestWarnings(t *testing.T) {
	g := mustGen(t, Options{})
	tests := []struct {
		name, brand string
		has         []string
		hasNot      []string
	}{
		{name: "Latin brand", brand: "airfrance.fr"},
		{name: "Latin with accents", brand: "àirfrance.fr"},
		{name: "Cyrillic brand", brand: "пример.com", has: []string{"Cyrillic", "homophone", "combo", "unavailable"}, hasNot: []string{"insertion", "vowel-swap"}},
		{name: "Cyrillic brand under .рф", brand: "пример.рф", has: []string{"Cyrillic", "cyrillic"}},
		{name: "Han brand", brand: "例子.com", has: []string{"Han", "insertion", "replacement", "vowel-swap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ParseBrand(tt.brand)
			if err != nil {
				t.Fatal(err)
			}
			w := strings.Join(g.Warnings(b), "\n")
			if tt.has == nil && w != "" {
				t.Errorf("%s: warned %q", tt.brand, w)
			}
			for _, h := range tt.has {
				if !strings.Contains(w, h) {
					t.Errorf("%s: warning %q lacks %q", tt.brand, w, h)
				}
			}
			for _, h := range tt.hasNot {
				if strings.Contains(w, h) {
					t.Errorf("%s: warning %q names %q, which works on this script", tt.brand, w, h)
				}
			}
		})
	}
	// What the warning promises: a Cyrillic brand gets Cyrillic typos and
	// keyboard typos, not just a handful of names.
	got := map[string]bool{}
	for _, c := range generateAll(t, g, "пример.рф") {
		got[c.Unicode] = true
	}
	for _, want := range []string{"прмер.рф", "пирмер.рф", "прамер.рф", "прпмер.рф"} {
		if !got[want] {
			t.Errorf("пример.рф: %s not generated", want)
		}
	}
}

// FuzzParseBrandLine checks that any --brands line either fails with
// ErrBadInput or gives a brand whose terms are distinct, lower-case, dot-less
// labels that encode as A-labels. Run:
// go test ./permute -run '^$' -fuzz FuzzParseBrandLine -fuzztime 20s
func FuzzParseBrandLine(f *testing.F) {
	for _, s := range []string{"apple.com icloud,appleid", "microsoft.com office365, outlook", "airfrance.fr", "  ", "apple.com ,,", "apple.com # c", "müller.de müllermarkt", "apple.com i.cloud", "a.com A,B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		b, err := ParseBrandLine(line)
		if err != nil {
			if !errors.Is(err, ErrBadInput) {
				t.Fatalf("ParseBrandLine(%q): %v does not wrap ErrBadInput", line, err)
			}
			return
		}
		if b.Domain == "" {
			t.Fatalf("ParseBrandLine(%q): no domain", line)
		}
		seen := map[string]bool{}
		for _, term := range b.Terms {
			if term == "" || seen[term] || strings.ContainsAny(term, ". ,") || strings.ToLower(term) != term {
				t.Fatalf("ParseBrandLine(%q): bad term %q in %q", line, term, b.Terms)
			}
			seen[term] = true
			if _, ok := names.ToALabel(term); !ok {
				t.Fatalf("ParseBrandLine(%q): term %q has no A-label", line, term)
			}
		}
	})
}

func ExampleParseTerms() {
	terms, err := ParseTerms("Office365, outlook,,xbox")
	fmt.Println(terms, err)
	// Output: [office365 outlook xbox] <nil>
}

func ExampleGenerator_Warnings() {
	g, _ := New(Options{})
	b, _ := ParseBrand("例子.com")
	for _, w := range g.Warnings(b) {
		fmt.Println(w)
	}
	// Output:
	// xn--fsqu00a.com: the label is Han: cyrillic, homophone, dictionary, insertion, replacement, vowel-swap make nothing for it (they work on Latin letters, or on a keyboard layout lookalike does not have)
	// xn--fsqu00a.com: addition, plural, combo, tld-in-label, missing-dot put Latin letters beside the Han label: no registry sells such mixed-script names today, so they are made only under .com and .net (marked unavailable, as grandfathered names exist there)
}
