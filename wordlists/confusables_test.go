package wordlists

import (
	"strings"
	"testing"
)

func TestConfusables(t *testing.T) {
	m := Confusables()
	if len(m) < 100 {
		t.Fatalf("Confusables() has %d entries, want at least 100", len(m))
	}
	// The lookalikes phishing kits use most, and the ASCII ones UTS #39 folds.
	for _, tt := range []struct {
		src  rune
		want string
	}{
		{'а', "a"}, {'е', "e"}, {'о', "o"}, {'р', "p"}, {'с', "c"}, {'х', "x"}, {'у', "y"},
		{'і', "i"}, {'ј', "j"}, {'ѕ', "s"}, {'ԁ', "d"}, {'һ', "h"}, {'ԛ', "q"}, {'ԝ', "w"},
		{'α', "a"}, {'ο', "o"}, {'ν', "v"}, {'ι', "i"}, {'ρ', "p"},
		{'ı', "i"}, {'ɡ', "g"}, {'ɑ', "a"}, {'æ', "ae"},
		{'0', "o"}, {'1', "l"}, {'m', "rn"},
	} {
		if got := m[tt.src]; got != tt.want {
			t.Errorf("Confusables()[%q] = %q, want %q", tt.src, got, tt.want)
		}
	}
	for src, proto := range m {
		if !confusableSource(src) {
			t.Errorf("source %U cannot stand in a label", src)
		}
		if proto == "" || strings.ToLower(proto) != proto {
			t.Errorf("%U: prototype %q is not lower case", src, proto)
		}
	}
	m['а'] = "changed"
	if Confusables()['а'] != "a" {
		t.Error("Confusables shares its map with the caller")
	}
}

func TestParseConfusablesRejects(t *testing.T) {
	tests := []struct {
		name string
		line string
		want string
	}{
		{"no type", "0430 ; 0061 ;", "want"},
		{"bad hex", "04ZZ ; 0061 ; MA", "not a code point"},
		{"short hex", "61 ; 0062 ; MA", "not a code point"},
		{"upper-case source", "0410 ; 0041 ; MA", "not a lower-case"},
		{"Armenian source", "0585 ; 006F ; MA", "not a lower-case"},
		{"non-ASCII prototype", "0437 ; 025C ; MA", "not an ASCII letter"},
		{"own prototype", "0061 ; 0061 ; MA", "its own prototype"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfusables([][]string{strings.Fields(tt.line)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("parseConfusables(%q) = %v, want an error containing %q", tt.line, err, tt.want)
			}
		})
	}
	if _, err := parseConfusables([][]string{strings.Fields("0430 ; 0061 ; MA"), strings.Fields("0430 ; 0061 ; MA")}); err == nil {
		t.Error("a source listed twice was accepted")
	}
	if _, err := parseConfusables(nil); err == nil {
		t.Error("an empty table was accepted")
	}
}
