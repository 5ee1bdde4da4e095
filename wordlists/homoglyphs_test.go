package wordlists

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/idna"
)

func TestASCIIHomoglyphs(t *testing.T) {
	m := ASCIIHomoglyphs()
	// The lookalikes every analyst names; dnstwist has each of them.
	tests := []struct{ key, want string }{
		{"m", "rn"}, {"m", "nn"}, {"rn", "m"}, {"w", "vv"}, {"vv", "w"},
		{"d", "cl"}, {"cl", "d"}, {"o", "0"}, {"0", "o"}, {"l", "1"}, {"l", "i"},
		{"1", "l"}, {"i", "1"}, {"g", "q"},
	}
	for _, tt := range tests {
		if !slices.Contains(m[tt.key], tt.want) {
			t.Errorf("ASCIIHomoglyphs()[%q] = %q, want %q among them", tt.key, m[tt.key], tt.want)
		}
	}
	// Sequences work both ways: a brand holding "rn" gets "m" as surely as one
	// holding "m" gets "rn".
	for k, vs := range m {
		for _, v := range vs {
			if len(v) > 1 && !slices.Contains(m[v], k) {
				t.Errorf("%q → %q, but not %q → %q", k, v, v, k)
			}
		}
	}
	m["m"][0] = "changed"
	if ASCIIHomoglyphs()["m"][0] == "changed" {
		t.Error("ASCIIHomoglyphs shares its slices with the caller")
	}
}

func TestUnicodeHomoglyphs(t *testing.T) {
	m := UnicodeHomoglyphs()
	for _, tt := range []struct {
		key  rune
		want string
	}{
		{'a', "àáâäåɑ"}, {'e', "éèêë"}, {'o', "öøőô"}, {'u', "üùúû"}, {'c', "ç"},
		{'à', "aáâ"}, // an IDN brand's letter leads back to its base and siblings
	} {
		for _, r := range tt.want {
			if !slices.Contains(m[tt.key], r) {
				t.Errorf("UnicodeHomoglyphs()[%q] lacks %q", tt.key, r)
			}
		}
	}
	for k, vs := range m {
		if slices.Contains(vs, k) {
			t.Errorf("%q lists itself", k)
		}
		if len(slices.Compact(slices.Sorted(slices.Values(vs)))) != len(vs) {
			t.Errorf("%q lists a lookalike twice: %q", k, string(vs))
		}
		for _, v := range vs {
			if !slices.Contains(m[v], k) {
				t.Errorf("%q → %q but not back", k, v)
			}
			if v >= 0x80 && !validInLabel(string(v)) {
				t.Errorf("%q (U+%04X, for %q) may not stand in an IDNA2008 label", v, v, k)
			}
		}
	}
	m['a'][0] = 'x'
	if UnicodeHomoglyphs()['a'][0] == 'x' {
		t.Error("UnicodeHomoglyphs shares its slices with the caller")
	}
}

func TestSequenceHomoglyphs(t *testing.T) {
	m := SequenceHomoglyphs()
	for seq, want := range map[string]rune{"ae": 'æ', "oe": 'œ', "ss": 'ß'} {
		if !slices.Contains(m[seq], want) {
			t.Errorf("SequenceHomoglyphs()[%q] = %q, want %q among them", seq, string(m[seq]), want)
		}
	}
	for seq, vs := range m {
		for _, v := range vs {
			if !validInLabel(string(v)) {
				t.Errorf("%q (for %q) may not stand in an IDNA2008 label", v, seq)
			}
		}
	}
}

func TestLatinToCyrillic(t *testing.T) {
	m := LatinToCyrillic()
	// dnstwist's table: a whole-Cyrillic "paypal" is the classic homograph.
	for _, r := range "abcdeghijklmopqstvwxy" {
		if _, ok := m[r]; !ok {
			t.Errorf("no Cyrillic lookalike for %q", r)
		}
	}
	var label strings.Builder
	for _, r := range "paypal" {
		label.WriteRune(m[r])
	}
	if got := label.String(); got != "раураӏ" {
		t.Errorf("paypal in Cyrillic = %q, want %q", got, "раураӏ")
	}
	seen := map[rune]rune{}
	for l, c := range m {
		if !unicode.Is(unicode.Cyrillic, c) || !validInLabel(string(c)) {
			t.Errorf("%q → %q: not a Cyrillic letter valid in a label", l, c)
		}
		if o, dup := seen[c]; dup {
			t.Errorf("%q stands for both %q and %q", c, o, l)
		}
		seen[c] = l
	}
}

func TestParseHomoglyphErrors(t *testing.T) {
	tests := []struct {
		name    string
		parse   func([][]string) error
		lines   [][]string
		wantErr string
	}{
		{name: "ascii good", parse: ascii, lines: [][]string{{"m", "rn", "nn"}}},
		{name: "ascii non-ASCII", parse: ascii, lines: [][]string{{"a", "à"}}, wantErr: "ASCII"},
		{name: "ascii upper case", parse: ascii, lines: [][]string{{"m", "RN"}}, wantErr: "ASCII"},
		{name: "ascii duplicate key", parse: ascii, lines: [][]string{{"m", "rn"}, {"m", "nn"}}, wantErr: "twice"},
		{name: "ascii self", parse: ascii, lines: [][]string{{"m", "m"}}, wantErr: "itself"},
		{name: "ascii no value", parse: ascii, lines: [][]string{{"m"}}, wantErr: "want a key"},
		{name: "unicode good", parse: uni, lines: [][]string{{"a", "à", "á"}, {"a", "ä"}}},
		{name: "unicode base not ASCII", parse: uni, lines: [][]string{{"à", "á"}}, wantErr: "base"},
		{name: "unicode ASCII variant", parse: uni, lines: [][]string{{"a", "o"}}, wantErr: "non-ASCII"},
		{name: "unicode upper variant", parse: uni, lines: [][]string{{"a", "À"}}, wantErr: "non-ASCII"},
		{name: "unicode variant twice", parse: uni, lines: [][]string{{"a", "à"}, {"e", "à"}}, wantErr: "twice"},
		{name: "sequence good", parse: seq, lines: [][]string{{"ae", "æ"}}},
		{name: "sequence of one", parse: seq, lines: [][]string{{"a", "æ"}}, wantErr: "two or more"},
		{name: "sequence ASCII value", parse: seq, lines: [][]string{{"ae", "e"}}, wantErr: "non-ASCII"},
		{name: "cyrillic good", parse: cyr, lines: [][]string{{"a", "а"}}},
		{name: "cyrillic Latin value", parse: cyr, lines: [][]string{{"a", "a"}}, wantErr: "Cyrillic"},
		{name: "cyrillic two values", parse: cyr, lines: [][]string{{"a", "а", "о"}}, wantErr: "want a Latin"},
		{name: "cyrillic twice", parse: cyr, lines: [][]string{{"a", "а"}, {"a", "о"}}, wantErr: "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse(tt.lines)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func ascii(l [][]string) error { _, err := parseASCIIHomoglyphs(l); return err }
func uni(l [][]string) error   { _, err := parseUnicodeHomoglyphs(l); return err }
func seq(l [][]string) error   { _, err := parseSequenceHomoglyphs(l); return err }
func cyr(l [][]string) error   { _, err := parseCyrillic(l); return err }

// validInLabel reports whether s, between two ASCII letters, makes a label
// IDNA2008 registration rules accept unchanged.
func validInLabel(s string) bool {
	label := "x" + s + "x"
	a, err := idna.Registration.ToASCII(label)
	if err != nil {
		return false
	}
	u, err := idna.Registration.ToUnicode(a)
	return err == nil && u == label
}

func ExampleASCIIHomoglyphs() {
	fmt.Println(ASCIIHomoglyphs()["m"])
	// Output: [n nn rn rr]
}

func ExampleLatinToCyrillic() {
	fmt.Println(string(LatinToCyrillic()['a']))
	// Output: а
}

func ExampleUnicodeHomoglyphs() {
	fmt.Println(string(UnicodeHomoglyphs()['c']))
	// Output: çćĉċčƈᴄȼɕḉ
}
