package wordlists

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestKeywordLanguages(t *testing.T) {
	langs := KeywordLanguages()
	for _, want := range []string{"en", "fr", "de", "es", "it", "nl", "pt"} {
		if !slices.Contains(langs, want) {
			t.Errorf("KeywordLanguages() = %v, lacks %q", langs, want)
		}
	}
	if !slices.IsSorted(langs) {
		t.Errorf("KeywordLanguages() = %v, not sorted", langs)
	}
}

// TestKeywordLists checks every list is large enough, valid, and carries a
// reasonable number of core words.
func TestKeywordLists(t *testing.T) {
	totalCore := 0
	for _, lang := range KeywordLanguages() {
		t.Run(lang, func(t *testing.T) {
			kws, err := Keywords(lang)
			if err != nil {
				t.Fatal(err)
			}
			min := 60
			if lang == "en" {
				min = 150
			}
			if len(kws) < min {
				t.Errorf("%s has %d keywords, want at least %d", lang, len(kws), min)
			}
			core := 0
			for _, k := range kws {
				if k.Lang != lang {
					t.Errorf("%q has Lang %q in the %s list", k.Word, k.Lang, lang)
				}
				if !isLowerLDH(k.Word) {
					t.Errorf("%q is not lower-case LDH", k.Word)
				}
				if !slices.Contains(keywordCategories, k.Category) {
					t.Errorf("%q has unknown category %q", k.Word, k.Category)
				}
				if k.Core {
					core++
				}
			}
			// Each core word costs ~4 names per swapped TLD (~330 a brand): keep the nightly default bounded.
			if core == 0 || core > 40 {
				t.Errorf("%s has %d core keywords, want 1-40", lang, core)
			}
			if lang == "en" {
				totalCore += core
			}
		})
	}
	if totalCore < 20 {
		t.Errorf("English has %d core keywords, want at least 20", totalCore)
	}
}

func TestKeywordsHoldsTheBriefsWords(t *testing.T) {
	all, err := Keywords("all")
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]Keyword{}
	for _, k := range all {
		words[k.Word] = k
	}
	for _, w := range []string{"support", "login", "secure", "account", "verify", "refund", "help",
		"websupport", "web-support", "remboursement", "reclamation", "indemnisation", "kundenservice",
		"erstattung", "rueckerstattung", "reembolso", "rimborso", "terugbetaling", "checkin", "webmail",
		"official", "www", "online", "app"} {
		if _, ok := words[w]; !ok {
			t.Errorf("no language lists %q", w)
		}
	}
}

func TestKeywords(t *testing.T) {
	tests := []struct {
		name      string
		langs     []string
		wantErr   bool
		firstLang string
		contains  []string
	}{
		{name: "english", langs: []string{"en"}, firstLang: "en", contains: []string{"support", "login"}},
		{name: "french then english", langs: []string{"fr", "en"}, firstLang: "fr", contains: []string{"remboursement", "support"}},
		{name: "case and space", langs: []string{" FR "}, firstLang: "fr", contains: []string{"colis"}},
		{name: "all starts with english", langs: []string{"all"}, firstLang: "en", contains: []string{"kundenservice", "rimborso", "reembolso"}},
		{name: "none", langs: nil},
		{name: "unknown", langs: []string{"en", "xx"}, wantErr: true},
		{name: "empty string", langs: []string{""}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Keywords(tt.langs...)
			if tt.wantErr {
				if !errors.Is(err, ErrUnknownLanguage) {
					t.Fatalf("err = %v, want ErrUnknownLanguage", err)
				}
				if !strings.Contains(err.Error(), "en, ") {
					t.Errorf("error %q does not list the known languages", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.firstLang == "" {
				if len(got) != 0 {
					t.Errorf("Keywords() = %d keywords, want none", len(got))
				}
				return
			}
			if got[0].Lang != tt.firstLang {
				t.Errorf("first keyword %+v, want language %s", got[0], tt.firstLang)
			}
			seen := map[string]bool{}
			for _, k := range got {
				if seen[k.Word] {
					t.Errorf("%q returned twice", k.Word)
				}
				seen[k.Word] = true
			}
			for _, w := range tt.contains {
				if !seen[w] {
					t.Errorf("result lacks %q", w)
				}
			}
		})
	}
}

// A word in two languages belongs to the first language asked for.
func TestKeywordsFirstWins(t *testing.T) {
	for _, order := range [][]string{{"es", "pt"}, {"pt", "es"}} {
		kws, err := Keywords(order...)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range kws {
			if k.Word == "reembolso" && k.Lang != order[0] {
				t.Errorf("Keywords(%v): reembolso has Lang %s, want %s", order, k.Lang, order[0])
			}
		}
	}
}

func TestKeywordsReturnsCopies(t *testing.T) {
	a, _ := Keywords("en")
	a[0].Word = "mutated"
	b, _ := Keywords("en")
	if b[0].Word == "mutated" {
		t.Error("Keywords returns shared storage")
	}
}

func TestParseKeywords(t *testing.T) {
	tests := []struct {
		name    string
		lang    string
		lines   [][]string
		wantErr string
	}{
		{name: "valid", lang: "fr", lines: [][]string{{"colis", "delivery", "core"}, {"aide", "support"}}},
		{name: "accent", lang: "fr", lines: [][]string{{"réclamation", "claim"}}, wantErr: "transliterate"},
		{name: "upper case", lang: "fr", lines: [][]string{{"Colis", "delivery"}}, wantErr: "LDH"},
		{name: "leading hyphen", lang: "fr", lines: [][]string{{"-colis", "delivery"}}, wantErr: "LDH"},
		{name: "unknown category", lang: "fr", lines: [][]string{{"colis", "parcels"}}, wantErr: "unknown category"},
		{name: "bad flag", lang: "fr", lines: [][]string{{"colis", "delivery", "main"}}, wantErr: "word category"},
		{name: "missing category", lang: "fr", lines: [][]string{{"colis"}}, wantErr: "word category"},
		{name: "duplicate", lang: "fr", lines: [][]string{{"colis", "delivery"}, {"colis", "delivery"}}, wantErr: "twice"},
		{name: "empty", lang: "fr", lines: nil, wantErr: "no keywords"},
		{name: "bad file name", lang: "French", lines: [][]string{{"colis", "delivery"}}, wantErr: "ISO 639-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseKeywords(tt.lang, tt.lines)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func ExampleKeywords() {
	kws, err := Keywords("fr", "en")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, k := range kws[:3] {
		fmt.Println(k.Word, k.Lang, k.Category, k.Core)
	}
	_, err = Keywords("klingon")
	fmt.Println(err != nil)
	// Output:
	// assistance fr support true
	// aide fr support false
	// service fr support false
	// true
}

func TestKeywordPairs(t *testing.T) {
	pairs := KeywordPairs()
	if n := len(pairs); n < 8 || n > 30 {
		t.Errorf("%d keyword pairs; the default list is meant to be short (8-30)", n)
	}
	en, err := Keywords("en")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, k := range en {
		known[k.Word] = true
	}
	for _, p := range pairs {
		for _, w := range []string{p.First, p.Second} {
			if !known[w] {
				t.Errorf("pair %s %s: %q is not an English keyword", p.First, p.Second, w)
			}
		}
	}
	for _, tc := range []struct {
		name  string
		lines [][]string
	}{
		{"one word", [][]string{{"account"}}},
		{"same word twice", [][]string{{"login", "login"}}},
		{"upper case", [][]string{{"Account", "verify"}}},
		{"duplicate", [][]string{{"a", "b"}, {"a", "b"}}},
		{"empty", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseKeywordPairs(tc.lines); err == nil {
				t.Errorf("parseKeywordPairs(%q) accepted", tc.lines)
			}
		})
	}
}
