package permute

import "testing"

func TestFuzzRepetition(t *testing.T) {
	runFuzzCases(t, fuzzRepetition, []fuzzCase{
		{name: "each character", brand: "abc.com", want: []string{"aabc.com", "abbc.com", "abcc.com"}},
		{name: "one letter", brand: "a.fr", want: []string{"aa.fr"}},
		{name: "hyphen", brand: "a-b.fr", want: []string{"aa-b.fr", "a--b.fr", "a-bb.fr"}},
		{name: "IDN brand", brand: "àb.fr", want: []string{"ààb.fr", "àbb.fr"}},
		{name: "digits", brand: "3com.com", has: []string{"33com.com"}},
		{name: "A-label input", brand: "xn--irfrance-yya.fr", n: 9, has: []string{"ààirfrance.fr"}},
	})
}
