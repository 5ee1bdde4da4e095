package permute

import "testing"

func TestFuzzHyphenation(t *testing.T) {
	runFuzzCases(t, fuzzHyphenation, []fuzzCase{
		{name: "between every pair", brand: "abc.com", want: []string{"a-bc.com", "ab-c.com"}},
		{name: "one letter", brand: "a.fr", want: []string{}},
		{name: "next to a hyphen", brand: "a-b.fr", want: []string{"a--b.fr"}},
		// -- at positions 3-4 is kept for A-labels (RFC 5891 §4.2.3.1).
		{name: "no -- at 3-4", brand: "ab-cd.com", hasNot: []string{"ab--cd.com"}, has: []string{"ab-c-d.com", "a-b-cd.com"}},
		{name: "IDN brand", brand: "àb.fr", want: []string{"à-b.fr"}},
		{name: "digits", brand: "3com.com", has: []string{"3-com.com"}},
		{name: "A-label input", brand: "xn--irfrance-yya.fr", n: 8, has: []string{"àir-france.fr"}},
	})
}
