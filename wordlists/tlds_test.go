package wordlists

import (
	"fmt"
	"github.com/lookalike/lookalike/internal/golden"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/weppos/publicsuffix-go/publicsuffix"
)

// pslTLDs derives the ICANN TLDs from publicsuffix-go: the top-level label of
// every rule of the ICANN section ("ck" from "*.ck", "za" from "co.za").
func pslTLDs() []string {
	var out []string
	for _, r := range publicsuffix.DefaultRules() {
		if r.Private {
			continue
		}
		// The last label of every rule: .za, for one, has rules (co.za...)
		// but none for the bare TLD.
		out = append(out, r.Value[strings.LastIndexByte(r.Value, '.')+1:])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestAllTLDsMatchPSL keeps data/tlds/icann-tlds.txt in step with the
// publicsuffix-go version in go.mod; after upgrading it, run
// go test ./wordlists -run TestAllTLDsMatchPSL -update.
func TestAllTLDsMatchPSL(t *testing.T) {
	want := pslTLDs()
	if golden.Update() {
		var b strings.Builder
		fmt.Fprintf(&b, "# Every ICANN top-level domain, as A-labels: the top-level label of every rule\n")
		fmt.Fprintf(&b, "# of the ICANN section of the Public Suffix List embedded in\n")
		fmt.Fprintf(&b, "# github.com/weppos/publicsuffix-go (\"ck\" from *.ck, \"za\" from co.za).\n")
		fmt.Fprintf(&b, "# Regenerate with: go test ./wordlists -run TestAllTLDsMatchPSL -update\n")
		fmt.Fprintf(&b, "# source: Public Suffix List, %s, via publicsuffix-go (see go.mod for its version), https://publicsuffix.org/list/public_suffix_list.dat\n", publicsuffix.ListVersion)
		fmt.Fprintf(&b, "# licence: MPL-2.0 (Public Suffix List)\n")
		fmt.Fprintf(&b, "# date: %s\n#\n", time.Now().UTC().Format(time.DateOnly))
		for _, tld := range want {
			b.WriteString(tld + "\n")
		}
		if err := os.WriteFile(filepath.Join("data", "tlds", "icann-tlds.txt"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got := AllTLDs()
	if !slices.Equal(got, want) {
		var missing, extra []string
		for _, s := range want {
			if !slices.Contains(got, s) {
				missing = append(missing, s)
			}
		}
		for _, s := range got {
			if !slices.Contains(want, s) {
				extra = append(extra, s)
			}
		}
		t.Errorf("data/tlds/icann-tlds.txt differs from publicsuffix-go: missing %v, extra %v; rerun with -update", missing, extra)
	}
}

func TestAllTLDs(t *testing.T) {
	all := AllTLDs()
	if len(all) < 1000 {
		t.Fatalf("AllTLDs has %d entries, want the ~1,400 ICANN TLDs", len(all))
	}
	if !slices.IsSorted(all) {
		t.Error("AllTLDs is not sorted")
	}
	for _, tld := range []string{"com", "de", "uk", "xn--p1ai", "xyz", "ck"} {
		if _, ok := slices.BinarySearch(all, tld); !ok {
			t.Errorf("AllTLDs lacks %q", tld)
		}
	}
	all[0] = "mutated"
	if AllTLDs()[0] == "mutated" {
		t.Error("AllTLDs returns shared storage")
	}
}

func TestSwapTLDs(t *testing.T) {
	swap := SwapTLDs()
	if n := len(swap); n < 60 || n > 90 {
		t.Errorf("SwapTLDs has %d entries, want 60-90", n)
	}
	for _, tld := range swap {
		if _, ok := slices.BinarySearch(AllTLDs(), tld); !ok {
			t.Errorf("swap TLD %q is not an ICANN TLD", tld)
		}
	}
	for _, tld := range []string{"com", "net", "org", "de", "uk", "fr", "top", "xyz", "icu", "shop"} {
		if !slices.Contains(swap, tld) {
			t.Errorf("SwapTLDs lacks %q", tld)
		}
	}
}

// icannRule reports whether suffix is itself a normal rule of the ICANN
// section of the PSL.
func icannRule(suffix string) bool {
	r := publicsuffix.DefaultList.Find(suffix, &publicsuffix.FindOptions{IgnorePrivate: true})
	return r != nil && !r.Private && r.Type == publicsuffix.NormalType && r.Value == suffix
}

func TestSuffixFamiliesArePSLRules(t *testing.T) {
	for s := range suffixFamilies() {
		if !icannRule(s) {
			t.Errorf("suffix-families.txt: %q is not an ICANN rule of the Public Suffix List", s)
		}
	}
}

func TestSuffixFamily(t *testing.T) {
	tests := []struct {
		name, suffix string
		want         []string // must all be present
		wantEmpty    bool
	}{
		{name: "co.uk", suffix: "co.uk", want: []string{"org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "uk"}},
		{name: "bare uk", suffix: "uk", want: []string{"co.uk", "org.uk", "me.uk"}},
		{name: "com.au", suffix: "com.au", want: []string{"net.au", "org.au", "au"}},
		{name: "co.jp", suffix: "co.jp", want: []string{"ne.jp", "or.jp", "jp"}},
		{name: "com.br", suffix: "com.br", want: []string{"net.br", "org.br"}},
		{name: "co.za", suffix: "co.za", want: []string{"org.za", "net.za"}},
		{name: "case and root dot", suffix: "CO.UK.", want: []string{"org.uk"}},
		{name: "com has none", suffix: "com", wantEmpty: true},
		{name: "fr has none", suffix: "fr", wantEmpty: true},
		{name: "unknown", suffix: "example", wantEmpty: true},
		{name: "empty", suffix: "", wantEmpty: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SuffixFamily(tt.suffix)
			if tt.wantEmpty && len(got) != 0 {
				t.Fatalf("SuffixFamily(%q) = %v, want none", tt.suffix, got)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("SuffixFamily(%q) = %v, lacks %q", tt.suffix, got, w)
				}
			}
			if slices.Contains(got, normalizeDomain(tt.suffix)) {
				t.Errorf("SuffixFamily(%q) contains the suffix itself", tt.suffix)
			}
		})
	}
}

func TestLanguagesForTLD(t *testing.T) {
	tests := []struct {
		tld  string
		want []string
	}{
		{"fr", []string{"fr"}},
		{"be", []string{"fr", "nl", "de"}},
		{"ch", []string{"de", "fr", "it"}},
		{"ca", []string{"en", "fr"}},
		{"de", []string{"de"}},
		{"at", []string{"de"}},
		{"es", []string{"es"}},
		{"mx", []string{"es"}},
		{"ar", []string{"es"}},
		{"br", []string{"pt"}},
		{"pt", []string{"pt"}},
		{"nl", []string{"nl"}},
		{"it", []string{"it"}},
		{"uk", []string{"en"}},
		{"DE.", []string{"de"}},
		{"com", nil},
		{"shop", nil},
		{"jp", nil},
	}
	for _, tt := range tests {
		t.Run(tt.tld, func(t *testing.T) {
			if got := LanguagesForTLD(tt.tld); !slices.Equal(got, tt.want) {
				t.Errorf("LanguagesForTLD(%q) = %v, want %v", tt.tld, got, tt.want)
			}
		})
	}
}

// Every language a ccTLD maps to must have keywords, and every ccTLD must be a
// real TLD, so LanguagesForTLD's answer can go straight into Keywords.
func TestLanguagesForTLDAreUsable(t *testing.T) {
	for tld, langs := range tldLanguages() {
		if _, ok := slices.BinarySearch(AllTLDs(), tld); !ok || len(tld) != 2 {
			t.Errorf("languages.txt: %q is not a ccTLD", tld)
		}
		if _, err := Keywords(langs...); err != nil {
			t.Errorf("languages.txt: %s: %v", tld, err)
		}
	}
	for _, lang := range KeywordLanguages() {
		found := false
		for _, langs := range tldLanguages() {
			found = found || slices.Contains(langs, lang)
		}
		if !found {
			t.Errorf("keyword language %q is the language of no ccTLD in languages.txt", lang)
		}
	}
}

func ExampleSwapTLDs() {
	fmt.Println(SwapTLDs()[:5])
	// Output: [com net org info biz]
}

func ExampleSuffixFamily() {
	fmt.Println(SuffixFamily("co.uk"))
	fmt.Println(SuffixFamily("com.au"))
	fmt.Println(len(SuffixFamily("com")))
	// Output:
	// [org.uk me.uk ltd.uk plc.uk net.uk uk]
	// [net.au org.au id.au asn.au au]
	// 0
}

func TestAbusedTLDs(t *testing.T) {
	abused := AbusedTLDs()
	if n := len(abused); n < 15 || n > 40 {
		t.Errorf("AbusedTLDs has %d entries, want 15-40: it is crossed with hundreds of labels a brand", n)
	}
	for _, tld := range abused {
		if _, ok := slices.BinarySearch(AllTLDs(), tld); !ok {
			t.Errorf("abused TLD %q is not an ICANN TLD", tld)
		}
	}
	// The top of every report cited in the file's header.
	for _, tld := range []string{"com", "top", "xyz", "shop", "bond", "cfd", "icu", "ru", "cn", "vip"} {
		if !slices.Contains(abused, tld) {
			t.Errorf("AbusedTLDs lacks %q", tld)
		}
	}
	for _, freenom := range []string{"tk", "ml", "ga", "cf", "gq"} {
		if slices.Contains(abused, freenom) {
			t.Errorf("AbusedTLDs holds %q: Freenom stopped registrations in 2023", freenom)
		}
	}
	abused[0] = "mutated"
	if AbusedTLDs()[0] == "mutated" {
		t.Error("AbusedTLDs returns shared storage")
	}
}

func ExampleAbusedTLDs() {
	fmt.Println(AbusedTLDs()[:6])
	// Output: [com net org top xyz shop]
}
