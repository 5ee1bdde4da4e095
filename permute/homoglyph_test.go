package permute

import (
	"strings"
	"testing"

	"github.com/lookalike/lookalike/names"
)

func TestFuzzHomoglyph(t *testing.T) {
	runFuzzCases(t, fuzzHomoglyph, []fuzzCase{
		{
			name: "ASCII lookalikes", brand: "google.com",
			has: []string{
				"g0ogle.com", "go0gle.com", "g00gle.com", // each o, and both at once
				"googie.com", "gooqle.com", "qooqle.com",
				"g0ogie.com", // two substitutions
			},
		},
		{name: "m and rn both ways", brand: "modern.com", has: []string{"rnodern.com", "modem.com", "rnodem.com"}},
		{name: "w and vv", brand: "wave.com", has: []string{"vvave.com", "waue.com", "vvaue.com"}},
		{name: "d and cl", brand: "dell.com", has: []string{"clell.com", "de11.com", "dei1.com"}},
		{
			name: "French letters under .fr", brand: "airfrance.fr",
			has:    []string{"àirfrance.fr", "airfrançe.fr", "aìrfrance.fr", "airfrancé.fr", "àirfrancé.fr", "alrfrance.fr"},
			hasNot: []string{"ɑirfrance.fr", "airfrańce.fr"},
		},
		{name: "German letters under .de", brand: "wasser.de", has: []string{"waßer.de", "wässer.de", "wasśer.de"}},
		{name: "ae sequence", brand: "aero.de", has: []string{"æro.de"}},
		{name: "many scripts under .com", brand: "paypal.com", has: []string{"pɑypal.com", "paypał.com", "pàypàl.com"}},
		{name: "one letter", brand: "o.com", has: []string{"0.com", "ö.com"}},
		{name: "digits", brand: "3com.com", has: []string{"8com.com", "3c0m.com", "3corn.com"}},
		{name: "IDN brand", brand: "àirfrance.fr", has: []string{"airfrance.fr", "áirfrance.fr", "àlrfrance.fr"}},
		{name: "A-label input", brand: "xn--irfrance-yya.fr", has: []string{"airfrance.fr"}},
		{name: "hyphenated", brand: "air-france.fr", has: []string{"aïr-france.fr", "air-frànce.fr"}},
	})
}

// TestFuzzHomoglyphASCIIOnlyRegistry: .uk sells no IDN, so only ASCII
// lookalikes come out.
func TestFuzzHomoglyphASCIIOnlyRegistry(t *testing.T) {
	got := unicodeNames(t, fuzzHomoglyph, "example.co.uk", nil)
	if len(got) == 0 {
		t.Fatal("no names")
	}
	for _, n := range got {
		if !names.IsASCII(n) {
			t.Errorf("%q: .uk sells no IDN", n)
		}
	}
	// The raw table for an ASCII-only TLD holds no Unicode either: no work
	// wasted on names the engine would drop.
	for k, gs := range glyphsFor("uk").single {
		for _, g := range gs {
			if !names.IsASCII(g) {
				t.Errorf("table for uk: %q → %q", k, g)
			}
		}
	}
}

// TestFuzzHomoglyphDeterministic: the same brand gives the same names in the
// same order, though the tables come from maps.
func TestFuzzHomoglyphDeterministic(t *testing.T) {
	glyphCache.Lock()
	glyphCache.m = nil // rebuild the tables too
	glyphCache.Unlock()
	a := strings.Join(unicodeNames(t, fuzzHomoglyph, "microsoft.com", nil), "\n")
	glyphCache.Lock()
	glyphCache.m = nil
	glyphCache.Unlock()
	b := strings.Join(unicodeNames(t, fuzzHomoglyph, "microsoft.com", nil), "\n")
	if a != b {
		t.Error("two runs differ")
	}
}

// TestFuzzHomoglyphCap: a label of repeated letters has millions of
// lookalikes; the fuzzer stops at homoglyphMax.
func TestFuzzHomoglyphCap(t *testing.T) {
	for _, tc := range []struct {
		brand  string
		capped bool
	}{
		{"mississippi.com", false},
		{"aaaaaaaaaaaaaaaaaaaa.com", true},
	} {
		n := 0
		fuzzHomoglyph(testCtx(t, tc.brand, nil), func(variant) { n++ })
		if n > homoglyphMax || tc.capped != (n == homoglyphMax) {
			t.Errorf("%s: %d names (cap %d), capped = %v, want %v", tc.brand, n, homoglyphMax, n == homoglyphMax, tc.capped)
		}
	}
}
