package permute

import "testing"

func TestFuzzVowelSwap(t *testing.T) {
	runFuzzCases(t, fuzzVowelSwap, []fuzzCase{
		{name: "one vowel", brand: "abc.com", want: []string{"ebc.com", "ibc.com", "obc.com", "ubc.com"}},
		{name: "each vowel", brand: "airfrance.fr", n: 16, has: []string{"eirfrance.fr", "aorfrance.fr", "airfrunce.fr", "airfranci.fr"}},
		{name: "no vowel", brand: "xyz.com", want: []string{}},
		{name: "accented vowel is homoglyph's job", brand: "àb.fr", want: []string{}},
		{name: "A-label input", brand: "xn--irfrance-yya.fr", has: []string{"àerfrance.fr"}},
	})
}
