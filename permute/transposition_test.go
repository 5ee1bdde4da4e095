package permute

import "testing"

func TestFuzzTransposition(t *testing.T) {
	runFuzzCases(t, fuzzTransposition, []fuzzCase{
		{name: "each pair", brand: "abc.com", want: []string{"bac.com", "acb.com"}},
		{name: "equal pair skipped", brand: "google.com", want: []string{"ogogle.com", "gogole.com", "goolge.com", "googel.com"}},
		{name: "one letter", brand: "a.fr", want: []string{}},
		{name: "hyphen at an end is invalid", brand: "a-b.fr", want: []string{}},
		{name: "IDN brand", brand: "àb.fr", want: []string{"bà.fr"}},
		{name: "digits", brand: "3com.com", has: []string{"c3om.com"}},
	})
}
