package permute

import "testing"

func TestFuzzOmission(t *testing.T) {
	runFuzzCases(t, fuzzOmission, []fuzzCase{
		{name: "each character", brand: "abc.com", want: []string{"bc.com", "ac.com", "ab.com"}},
		{name: "one letter", brand: "a.fr", want: []string{}},
		{name: "repeated letters once", brand: "google.com", want: []string{"oogle.com", "gogle.com", "goole.com", "googe.com", "googl.com"}},
		{name: "hyphen", brand: "a-b.fr", want: []string{"ab.fr"}},
		{name: "IDN brand", brand: "àb.fr", want: []string{"b.fr", "à.fr"}},
		{name: "A-label input", brand: "xn--irfrance-yya.fr", has: []string{"irfrance.fr", "àirfrnce.fr"}},
		{name: "digits", brand: "3com.com", has: []string{"com.com", "3om.com"}},
	})
}
