package permute

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lookalike/lookalike/internal/golden"
	"github.com/lookalike/lookalike/names"

	"github.com/lookalike/lookalike/wordlists"
)

// dnstwistFuzzers are the fuzzers that carry dnstwist's names, as the engine's
// registry credits them.
var dnstwistFuzzers = []struct {
	name string
	run  func(*fuzzCtx, emitFunc)
}{
	{"addition", fuzzAddition},
	{"bitsquatting", fuzzBitsquatting},
	{"cyrillic", fuzzCyrillic},
	{"homoglyph", fuzzHomoglyph},
	{"hyphenation", fuzzHyphenation},
	{"insertion", fuzzInsertion},
	{"omission", fuzzOmission},
	{"plural", fuzzPlural},
	{"repetition", fuzzRepetition},
	{"replacement", fuzzReplacement},
	{"subdomain", fuzzSubdomain},
	{"transposition", fuzzTransposition},
	{"vowel-swap", fuzzVowelSwap},
	{"various", fuzzVarious},
	{"dictionary", fuzzDictionary},
}

// testDictionary feeds the dictionary fuzzer in golden and table tests.
var testDictionary = []string{"login", "secure", "support"}

// testCtx builds what the engine hands a fuzzer: the brand, every embedded
// keyboard layout, and the dictionary.
func testCtx(tb testing.TB, domain string, dict []string) *fuzzCtx {
	tb.Helper()
	b, err := ParseBrand(domain)
	if err != nil {
		tb.Fatalf("ParseBrand(%q): %v", domain, err)
	}
	p := &plan{dictionary: dict}
	for _, name := range wordlists.Layouts() {
		kb, err := wordlists.Keyboard(name)
		if err != nil {
			tb.Fatal(err)
		}
		p.keyboards = append(p.keyboards, kb)
	}
	return &fuzzCtx{brand: b, label: []rune(b.ULabel), opt: p}
}

// name is one collected candidate.
type name struct{ domain, unicode string }

// collect runs a fuzzer the way the engine does — labels to A-labels, the
// brand's suffix for "", IDNA2008 and the registry's IDN rules, no brand, no
// duplicates — and returns the names in the order the fuzzer made them.
func collect(c *fuzzCtx, run func(*fuzzCtx, emitFunc)) []name {
	var out []name
	seen := map[string]bool{}
	run(c, func(v variant) {
		sx := v.suffix
		if sx == "" {
			sx = c.brand.Suffix
		}
		var a []string
		for _, part := range strings.Split(v.label, ".") {
			al, ok := names.ToALabel(part)
			// As the engine: what the registry sells, or once sold (kept
			// there as Unavailable).
			tld := names.LastLabel(sx)
			if !ok || al != part && !wordlists.IDNAllowed(tld, part) && !wordlists.IDNOnceSold(tld) {
				return
			}
			a = append(a, al)
		}
		d := strings.Join(a, ".") + "." + sx
		if !names.Valid(d) || d == c.brand.Domain || seen[d] {
			return
		}
		seen[d] = true
		out = append(out, name{domain: d, unicode: v.label + "." + unicodeSuffix(sx)})
	})
	return out
}

// unicodeNames runs a fuzzer on a brand and returns the Unicode forms.
func unicodeNames(tb testing.TB, run func(*fuzzCtx, emitFunc), domain string, dict []string) []string {
	tb.Helper()
	var out []string
	for _, n := range collect(testCtx(tb, domain, dict), run) {
		out = append(out, n.unicode)
	}
	return out
}

// fuzzCase is a named table case for one fuzzer: the exact output (Unicode
// names in order) when want is set, or names it must and must not hold.
type fuzzCase struct {
	name   string
	brand  string
	dict   []string
	want   []string
	n      int // how many names, when not 0
	has    []string
	hasNot []string
}

func runFuzzCases(t *testing.T, run func(*fuzzCtx, emitFunc), cases []fuzzCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := unicodeNames(t, run, tc.brand, tc.dict)
			if tc.want != nil && !slices.Equal(got, tc.want) {
				t.Errorf("%s:\n got %q\nwant %q", tc.brand, got, tc.want)
			}
			if tc.n != 0 && len(got) != tc.n {
				t.Errorf("%s: %d names, want %d", tc.brand, len(got), tc.n)
			}
			for _, h := range tc.has {
				if !slices.Contains(got, h) {
					t.Errorf("%s: %q missing from %d names", tc.brand, h, len(got))
				}
			}
			for _, h := range tc.hasNot {
				if slices.Contains(got, h) {
					t.Errorf("%s: %q should not be there", tc.brand, h)
				}
			}
			b, _ := ParseBrand(tc.brand)
			if slices.Contains(got, b.ULabel+"."+unicodeSuffix(b.Suffix)) {
				t.Errorf("%s: the brand itself came out", tc.brand)
			}
		})
	}
}

// goldenBrands are the parity domains plus the edge cases every fuzzer must
// get right: hyphens, digits, an IDN brand.
var goldenBrands = []string{
	"airfrance.fr", "paypal.com", "google.com", "microsoft.com", "example.co.uk",
	"air-france.fr", "3com.com", "àirfrance.fr",
}

// TestFuzzerGolden pins each fuzzer's output, in order, for the golden brands.
// Refresh with: go test ./permute -run TestFuzzerGolden -update
func TestFuzzerGolden(t *testing.T) {
	for _, f := range dnstwistFuzzers {
		for _, domain := range goldenBrands {
			t.Run(f.name+"/"+domain, func(t *testing.T) {
				var sb strings.Builder
				for _, n := range collect(testCtx(t, domain, testDictionary), f.run) {
					sb.WriteString(n.domain)
					if n.unicode != n.domain {
						sb.WriteString(" " + n.unicode)
					}
					sb.WriteByte('\n')
				}
				// A-label file names: tools and file systems that mangle Unicode
				// names are common.
				b, _ := ParseBrand(domain)
				checkGolden(t, filepath.Join("testdata", "golden", f.name, b.Domain+".golden"), sb.String())
			})
		}
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if golden.Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(g) || i < len(w); i++ {
			var gl, wl string
			if i < len(g) {
				gl = g[i]
			}
			if i < len(w) {
				wl = w[i]
			}
			if gl != wl {
				t.Fatalf("%s differs at line %d: got %q, want %q (%d vs %d lines; -update rewrites it)", path, i+1, gl, wl, len(g), len(w))
			}
		}
	}
}

// FuzzFuzzers feeds any brand to every dnstwist fuzzer and checks what comes
// out: never empty, never the brand, valid UTF-8 cut only between characters,
// no ASCII upper case, and every name the engine keeps is valid.
// Run: go test ./permute -run '^$' -fuzz FuzzFuzzers -fuzztime 20s
func FuzzFuzzers(f *testing.F) {
	for _, s := range []string{"airfrance.fr", "a.fr", "air-france.fr", "3com.com", "àirfrance.fr",
		"xn--irfrance-yya.fr", "hsbc.co.uk", "www.paypal.com", "müller.de", "пример.рф", "ab--c.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		b, err := ParseBrand(input)
		if err != nil || utf8.RuneCountInString(b.ULabel) > 24 {
			return // homoglyph grows with the square of the label: keep runs short
		}
		c := testCtx(t, input, []string{"login", "x-y"})
		for _, fz := range dnstwistFuzzers {
			fz.run(c, func(v variant) {
				switch {
				case v.label == "":
					t.Fatalf("%s(%q): empty label", fz.name, input)
				case !utf8.ValidString(v.label):
					t.Fatalf("%s(%q): invalid UTF-8 %q", fz.name, input, v.label)
				case v.label == b.ULabel && v.suffix == "":
					t.Fatalf("%s(%q): emitted the brand", fz.name, input)
				case strings.IndexFunc(v.label, func(r rune) bool { return r >= 'A' && r <= 'Z' }) >= 0:
					// ASCII only: IDNA2008 keeps upper-case Cherokee, not its lower case.
					t.Fatalf("%s(%q): upper case in %q", fz.name, input, v.label)
				case strings.Contains(v.label, ".") && fz.name != "subdomain" && fz.name != "various":
					t.Fatalf("%s(%q): dot in %q", fz.name, input, v.label)
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

// BenchmarkFuzzer measures each fuzzer alone, without the engine's validation:
// what it costs to make the variants. Run:
// go test ./permute -run '^$' -bench BenchmarkFuzzer -cpu 1
func BenchmarkFuzzer(b *testing.B) {
	for _, f := range dnstwistFuzzers {
		for _, domain := range []string{"airfrance.fr", "paypal.com", "microsoft.com"} {
			b.Run(f.name+"/"+domain, func(b *testing.B) {
				c := testCtx(b, domain, testDictionary)
				n := 0
				b.ReportAllocs()
				for b.Loop() {
					f.run(c, func(variant) { n++ })
				}
				b.ReportMetric(float64(n)/float64(b.N), "variants/op")
				b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "variants/s")
			})
		}
	}
}
