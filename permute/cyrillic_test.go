package permute

import "testing"

func TestFuzzCyrillic(t *testing.T) {
	runFuzzCases(t, fuzzCyrillic, []fuzzCase{
		{name: "whole label", brand: "coca.com", want: []string{"соса.com"}},
		{name: "whole label under .рф", brand: "coca.xn--p1ai", want: []string{"соса.рф"}},
		{name: "digits and hyphen stay", brand: "coca-2.com", want: []string{"соса-2.com"}},
		{name: "letter without a twin", brand: "airfrance.com", want: []string{}},
		{name: "registry sells no Cyrillic", brand: "coca.fr", want: []string{}},
		{name: "no letters at all", brand: "123.com", want: []string{}},
		{name: "IDN brand", brand: "àb.com", want: []string{}},
		{name: "one letter", brand: "a.com", want: []string{"а.com"}},
	})
}
