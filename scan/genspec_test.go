package scan

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/permute"
)

func TestGeneratorSpecOptions(t *testing.T) {
	dir := t.TempDir()
	words := filepath.Join(dir, "words.txt")
	tlds := filepath.Join(dir, "tlds.txt")
	for p, text := range map[string]string{words: "remboursement\n# comment\nbagages\n", tlds: "fr\nde\n"} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		spec    GeneratorSpec
		check   func(permute.Options) bool
		wantErr string
	}{
		{"lists split and trimmed", GeneratorSpec{Fuzzers: "omission, combo", Layouts: "qwerty"},
			func(o permute.Options) bool {
				return slices.Equal(o.Fuzzers, []string{"omission", "combo"}) && slices.Equal(o.Layouts, []string{"qwerty"})
			}, ""},
		{"languages and a keyword file", GeneratorSpec{Keywords: []string{"FR", "all", words, " "}},
			func(o permute.Options) bool {
				return slices.Equal(o.Languages, []string{"fr", "all"}) && slices.Equal(o.Keywords, []string{"remboursement", "bagages"})
			}, ""},
		{"tlds inline", GeneratorSpec{TLDs: "com, net"}, func(o permute.Options) bool { return slices.Equal(o.TLDs, []string{"com", "net"}) }, ""},
		{"tlds from a file", GeneratorSpec{TLDs: tlds}, func(o permute.Options) bool { return slices.Equal(o.TLDs, []string{"fr", "de"}) }, ""},
		{"dictionary file", GeneratorSpec{Dictionary: words}, func(o permute.Options) bool { return len(o.Dictionary) == 2 }, ""},
		{"switches kept", GeneratorSpec{Switches: permute.Options{KeywordPairs: true, SellableOnly: true}},
			func(o permute.Options) bool { return o.KeywordPairs && o.SellableOnly }, ""},
		{"terms", GeneratorSpec{Terms: "icloud,appleid"}, func(o permute.Options) bool { return slices.Equal(o.Terms, []string{"icloud", "appleid"}) }, ""},
		{"missing keyword file", GeneratorSpec{Keywords: []string{filepath.Join(dir, "nope.txt")}}, nil, "keywords " + filepath.Join(dir, "nope.txt") + ": no such file"},
		{"missing dictionary", GeneratorSpec{Dictionary: filepath.Join(dir, "nope.txt")}, nil, "dictionary "},
		{"bad term", GeneratorSpec{Terms: "ok,-bad-"}, nil, "terms: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := tc.spec.Options()
			if tc.wantErr != "" {
				if err == nil || !errors.Is(err, permute.ErrBadInput) || !strings.HasPrefix(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want a bad input starting %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(o) {
				t.Errorf("Options() = %+v, %v", o, err)
			}
		})
	}
}
