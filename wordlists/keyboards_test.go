package wordlists

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestLayouts(t *testing.T) {
	got := Layouts()
	// dnstwist's three layouts, first and in its order: the fuzzers' output
	// must stay a superset of dnstwist's.
	if want := []string{"qwerty", "qwertz", "azerty"}; !slices.Equal(got[:3], want) {
		t.Fatalf("Layouts() = %q, want %q first", got, want)
	}
	got[0] = "changed"
	if Layouts()[0] != "qwerty" {
		t.Error("Layouts() shares its slice with the caller")
	}
}

func TestKeyboard(t *testing.T) {
	for _, name := range Layouts() {
		t.Run(name, func(t *testing.T) {
			kb, err := Keyboard(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range "abcdefghijklmnopqrstuvwxyz0123456789" {
				if kb[k] == "" {
					t.Errorf("key %q has no neighbours", k)
				}
			}
			// A key is next to its neighbours' keys: an asymmetric entry is a typo.
			for k, ns := range kb {
				for _, n := range ns {
					if !strings.ContainsRune(kb[n], k) {
						t.Errorf("%q lists %q as a neighbour, but %q does not list %q", k, n, n, k)
					}
				}
			}
		})
	}
}

// TestKeyboardRows checks a few neighbours a typist would name, per layout.
func TestKeyboardRows(t *testing.T) {
	tests := []struct {
		name, layout string
		key          rune
		want         string // each rune must be a neighbour
	}{
		{name: "qwerty a", layout: "qwerty", key: 'a', want: "qwsz"},
		{name: "qwerty hyphen after 0", layout: "qwerty", key: '0', want: "9op-"},
		{name: "qwertz z under 6", layout: "qwertz", key: 'z', want: "tuhg6"},
		{name: "qwertz ü right of p", layout: "qwertz", key: 'p', want: "oü"},
		{name: "azerty a top left", layout: "azerty", key: 'a', want: "zq1é"},
		{name: "azerty m right of l", layout: "azerty", key: 'm', want: "lp"},
		{name: "azerty à on 0", layout: "azerty", key: 'à', want: "po9ç"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb, err := Keyboard(tt.layout)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tt.want {
				if !strings.ContainsRune(kb[tt.key], r) {
					t.Errorf("%s: %q neighbours %q, want %q among them", tt.layout, tt.key, kb[tt.key], r)
				}
			}
		})
	}
}

func TestKeyboardErrors(t *testing.T) {
	if _, err := Keyboard("dvorak-martian"); err == nil || !strings.Contains(err.Error(), "qwerty") {
		t.Errorf("unknown layout: err = %v, want one naming the layouts there are", err)
	}
	kb, err := Keyboard("QWERTY")
	if err != nil {
		t.Fatalf("layout names are case-insensitive: %v", err)
	}
	kb['a'] = "changed"
	if again, _ := Keyboard("qwerty"); again['a'] == "changed" {
		t.Error("Keyboard shares its map with the caller")
	}
}

func TestParseKeyboard(t *testing.T) {
	tests := []struct {
		name    string
		lines   [][]string
		wantErr string
	}{
		{name: "good", lines: [][]string{{"a", "qs"}, {"é", "a"}}},
		{name: "two keys", lines: [][]string{{"ab", "q"}}, wantErr: "want a key"},
		{name: "no neighbours", lines: [][]string{{"a"}}, wantErr: "want a key"},
		{name: "duplicate key", lines: [][]string{{"a", "q"}, {"a", "s"}}, wantErr: "twice"},
		{name: "self neighbour", lines: [][]string{{"a", "qa"}}, wantErr: "neighbour"},
		{name: "repeated neighbour", lines: [][]string{{"a", "qq"}}, wantErr: "neighbour"},
		{name: "upper case", lines: [][]string{{"a", "Q"}}, wantErr: "neighbour"},
		{name: "punctuation key", lines: [][]string{{";", "l"}}, wantErr: "not a label character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseKeyboard("test", tt.lines)
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

func ExampleKeyboard() {
	kb, err := Keyboard("azerty")
	if err != nil {
		panic(err)
	}
	fmt.Println(kb['a'])
	// Output: 2zq1é
}

func ExampleLayouts() {
	fmt.Println(Layouts())
	// Output: [qwerty qwertz azerty jcuken]
}

func TestJCUKEN(t *testing.T) {
	kb, err := Keyboard("jcuken")
	if err != nil {
		t.Fatal(err)
	}
	// у sits where QWERTY has e: between ц (w) and к (r), above ы (s) and в (d).
	for _, tc := range []struct {
		key  rune
		want string
	}{{'у', "кцвы"}, {'ф', "ыйц я"}, {'п', "раенм"}} {
		for _, n := range strings.ReplaceAll(tc.want, " ", "") {
			if !strings.ContainsRune(kb[tc.key], n) {
				t.Errorf("jcuken %c: neighbours %q lack %c", tc.key, kb[tc.key], n)
			}
		}
	}
	if len(kb) != 37+32 {
		t.Errorf("jcuken has %d keys, want QWERTY's 37 keys and 32 Cyrillic letters", len(kb))
	}
}
