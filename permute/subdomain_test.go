package permute

import "testing"

func TestFuzzSubdomain(t *testing.T) {
	runFuzzCases(t, fuzzSubdomain, []fuzzCase{
		{name: "inside the label", brand: "abcd.com", want: []string{"a.bcd.com", "ab.cd.com"}},
		{name: "one letter", brand: "a.fr", want: []string{}},
		{name: "never beside a hyphen", brand: "air-france.fr", hasNot: []string{"air.-france.fr", "air-.france.fr"}, has: []string{"ai.r-france.fr", "air-f.rance.fr"}},
		{name: "IDN brand", brand: "àirfrance.fr", n: 7, has: []string{"àir.france.fr"}},
		{name: "under a two-label suffix", brand: "example.co.uk", has: []string{"ex.ample.co.uk"}},
	})
}
