package wordlists

import (
	"fmt"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// Every code point of every table must be something a registry can accept at
// all: lower case, NFC-stable, no combining mark, and PVALID under IDNA2008.
func TestIDNTablesAreValid(t *testing.T) {
	for name, tbl := range idnData().tables {
		t.Run(name, func(t *testing.T) {
			for r := range tbl.runes {
				s := string(r)
				switch {
				case unicode.ToLower(r) != r:
					t.Errorf("%U %s is not lower case", r, s)
				case !norm.NFC.IsNormalString(s):
					t.Errorf("%U %s is not NFC-stable", r, s)
				case unicode.Is(unicode.M, r):
					t.Errorf("%U %s is a combining mark", r, s)
				}
				if _, err := idna.Registration.ToASCII(s); err != nil {
					t.Errorf("%U %s: %v", r, s, err)
				}
			}
		})
	}
}

func TestIDNTableSizes(t *testing.T) {
	// Sizes the registries state themselves (see each table's header).
	tests := map[string]int{
		"latin-de": 93, "latin-at": 34, "latin-ch": 32, "latin-fr": 30, "latin-be": 33,
		"latin-it": 21, "latin-dk": 8, "latin-no": 23, "latin-fi": 17, "latin-br": 13,
		"latin-pt": 12, "chinese-gb2312": 6763,
	}
	for name, want := range tests {
		tbl := idnData().tables[name]
		if tbl == nil {
			t.Errorf("no table %s", name)
			continue
		}
		if got := len(tbl.runes); got != want {
			t.Errorf("table %s has %d code points, want %d", name, got, want)
		}
	}
}

func TestIDNTLDsExist(t *testing.T) {
	all := AllTLDs()
	for tld := range idnData().byTLD {
		if _, ok := slices.BinarySearch(all, tld); !ok {
			t.Errorf("idn/tlds.txt: %q is not an ICANN TLD", tld)
		}
	}
	for _, tld := range []string{"com", "net", "org", "fr", "de", "es", "it", "nl", "pt", "be", "ch", "at", "eu",
		"pl", "se", "dk", "no", "fi", "br", "uk", "us", "ru", "xn--p1ai", "gr", "cn", "jp"} {
		if _, ok := idnData().byTLD[tld]; !ok {
			t.Errorf("idn/tlds.txt says nothing about %q", tld)
		}
	}
}

func TestIDNAllowed(t *testing.T) {
	tests := []struct {
		name, tld, label string
		want             bool
	}{
		{"ascii anywhere", "uk", "paypal", true},
		{"ascii unknown tld", "zz", "paypal", true},
		{"empty label", "de", "", true},
		{"umlaut in de", "de", "müller", true},
		{"sharp s in de", "de", "straße", true},
		{"sharp s refused by ch", "ch", "straße", false},
		{"umlaut in ch", "ch", "müller", true},
		{"umlaut in fr", "fr", "müller", true},
		{"cedilla in fr", "fr", "garçon", true},
		{"polish letter refused by fr", "fr", "łódź", false},
		{"polish in pl", "pl", "zażółć", true},
		{"ñ in es", "es", "españa", true},
		{"à in it", "it", "città", true},
		{"ã in br", "br", "pão", true},
		{"nl is ascii-only", "nl", "müller", false},
		{"uk is ascii-only", "uk", "müller", false},
		{"us is ascii-only", "us", "müller", false},
		{"ru is ascii-only", "ru", "пример", false},
		{"unknown tld defaults to ascii-only", "zz", "müller", false},
		{"cyrillic in рф", "xn--p1ai", "пример", true},
		{"cyrillic with digits and hyphen", "xn--p1ai", "пример-24", true},
		{"latin letters refused in рф", "xn--p1ai", "примерx", false},
		{"all-cyrillic lookalike in com", "com", "рау", true},
		{"mixed latin and cyrillic in com", "com", "pаypal", false},
		{"latin alpha in com", "com", "ɑpple", true},
		{"ukrainian і in com", "com", "іnfo", false},
		{"ukrainian word in com", "com", "київ", true},
		{"mixing two cyrillic tables", "com", "ыї", false},
		{"greek in gr", "gr", "αθηνα", true},
		{"greek mixed with latin in gr", "gr", "abγ", false},
		{"greek refused by eu", "eu", "αθηνα", false},
		{"greek in ευ", "xn--qxa6a", "αθηνα", true},
		{"cyrillic refused by eu", "eu", "пример", false},
		{"bulgarian in ею", "xn--e1a4c", "пример", true},
		{"japanese with ascii in jp", "jp", "日本abc", true},
		{"katakana in jp", "jp", "ロゴ", true},
		{"hanzi in cn", "cn", "中国", true},
		{"upper-case ascii in unicode label", "de", "Müller", false},
		{"upper-case umlaut", "de", "mÜller", false},
		{"decomposed umlaut (not NFC)", "de", "mu\u0308ller", false},
		{"underscore", "de", "mü_ller", false},
		{"dot inside label", "de", "mü.ller", false},
		{"invalid utf-8", "de", "m\xffller", false},
		{"tld case and root dot", "DE.", "müller", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IDNAllowed(tt.tld, tt.label); got != tt.want {
				t.Errorf("IDNAllowed(%q, %q) = %v, want %v", tt.tld, tt.label, got, tt.want)
			}
		})
	}
}

func TestIDNRepertoire(t *testing.T) {
	for _, tld := range []string{"uk", "us", "nl", "ru", "zz", ""} {
		if got := IDNRepertoire(tld); got != nil {
			t.Errorf("IDNRepertoire(%q) has %d code points, want nil", tld, len(got))
		}
	}
	if got := len(IDNRepertoire("de")); got != 93 {
		t.Errorf("IDNRepertoire(de) has %d code points, want 93", got)
	}
	com := IDNRepertoire("com")
	if !slices.IsSorted(com) {
		t.Error("IDNRepertoire(com) is not sorted")
	}
	for _, r := range []rune{'а', 'о', 'р', 'е', 'α', 'ο', 'é', 'ı', 'ɑ'} {
		if _, ok := slices.BinarySearch(com, r); !ok {
			t.Errorf("IDNRepertoire(com) lacks %U %c", r, r)
		}
	}
	for _, r := range com {
		if r < utf8.RuneSelf {
			t.Fatalf("IDNRepertoire(com) holds ASCII %q", r)
		}
	}
	// The repertoire is the union of what IDNAllowed accepts one rune at a time.
	for _, tld := range []string{"com", "fr", "xn--p1ai", "jp", "pl"} {
		for _, r := range IDNRepertoire(tld) {
			if !IDNAllowed(tld, string(r)) {
				t.Errorf("IDNAllowed(%s, %q) is false though %U is in the repertoire", tld, r, r)
			}
		}
	}
}

func TestParseIDNTable(t *testing.T) {
	tests := []struct {
		name    string
		lines   [][]string
		wantErr bool
		want    int
	}{
		{name: "literal and ranges", lines: [][]string{{"mix", "ascii"}, {"àé"}, {"U+00FF", "U+0101..U+0103"}}, want: 6},
		{name: "no mix line", lines: [][]string{{"àé"}}, wantErr: true},
		{name: "bad mix", lines: [][]string{{"mix", "latin"}, {"é"}}, wantErr: true},
		{name: "ascii in table", lines: [][]string{{"mix", "ascii"}, {"aé"}}, wantErr: true},
		{name: "duplicate", lines: [][]string{{"mix", "ascii"}, {"é", "U+00E9"}}, wantErr: true},
		{name: "reversed range", lines: [][]string{{"mix", "ascii"}, {"U+0103..U+0101"}}, wantErr: true},
		{name: "bad hex", lines: [][]string{{"mix", "ascii"}, {"U+00G9"}}, wantErr: true},
		{name: "empty", lines: [][]string{{"mix", "digits"}}, wantErr: true},
		{name: "surrogate", lines: [][]string{{"mix", "digits"}, {"U+D800"}}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl, err := parseIDNTable("test", tt.lines)
			if tt.wantErr {
				if err == nil {
					t.Errorf("accepted, %d code points", len(tbl.runes))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tbl.runes) != tt.want {
				t.Errorf("%d code points, want %d", len(tbl.runes), tt.want)
			}
		})
	}
}

func FuzzIDNAllowed(f *testing.F) {
	for _, s := range [][2]string{{"com", "pаypal"}, {"de", "müller"}, {"xn--p1ai", "пример"}, {"jp", "日本"}, {"uk", "abc"}, {"", "\xff"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, tld, label string) {
		ok := IDNAllowed(tld, label)
		ascii := true
		for i := 0; i < len(label); i++ {
			ascii = ascii && label[i] < utf8.RuneSelf
		}
		if ascii && !ok {
			t.Fatalf("IDNAllowed(%q, %q) = false for an ASCII label", tld, label)
		}
		if !ok || ascii {
			return
		}
		rep := IDNRepertoire(tld)
		for _, r := range label {
			if r >= utf8.RuneSelf {
				if _, in := slices.BinarySearch(rep, r); !in {
					t.Fatalf("IDNAllowed(%q, %q) = true but %U is outside IDNRepertoire", tld, label, r)
				}
			}
		}
	})
}

func ExampleIDNAllowed() {
	fmt.Println(IDNAllowed("de", "müller"))   // DENIC sells umlauts
	fmt.Println(IDNAllowed("uk", "müller"))   // Nominet sells no IDN
	fmt.Println(IDNAllowed("com", "pаypal"))  // Cyrillic а among Latin letters: mixed script
	fmt.Println(IDNAllowed("com", "раураl"))  // still mixed: the final l is Latin
	fmt.Println(IDNAllowed("xn--p1ai", "рф")) // Cyrillic under .рф
	// Output:
	// true
	// false
	// false
	// false
	// true
}

func TestIDNOnceSold(t *testing.T) {
	for _, tc := range []struct {
		name, tld string
		want      bool
	}{
		{"com before the script rules", "com", true},
		{"net too", "NET.", true},
		{"fr never sold other scripts", "fr", false},
		{"uk never sold IDNs", "uk", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IDNOnceSold(tc.tld); got != tc.want {
				t.Errorf("IDNOnceSold(%q) = %v, want %v", tc.tld, got, tc.want)
			}
		})
	}
	for _, tld := range IDNOnceSoldTLDs() {
		if _, ok := slices.BinarySearch(AllTLDs(), tld); !ok {
			t.Errorf("history.txt: %q is not an ICANN TLD", tld)
		}
	}
	for _, bad := range [][][]string{{{"com"}}, {{"com", "latin"}}, {{"Com", "any"}}, {{"com", "any"}, {"com", "any"}}} {
		if _, err := parseIDNHistory(bad); err == nil {
			t.Errorf("parseIDNHistory(%q) accepted", bad)
		}
	}
}
