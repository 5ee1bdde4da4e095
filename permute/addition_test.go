package permute

import "testing"

func TestFuzzAddition(t *testing.T) {
	runFuzzCases(t, fuzzAddition, []fuzzCase{
		// 36 characters at each end; "aa" comes from both.
		{name: "one letter", brand: "a.fr", n: 71, has: []string{"a0.fr", "az.fr", "0a.fr", "za.fr", "aa.fr"}},
		{name: "end and start", brand: "airfrance.fr", n: 72, has: []string{"airfrancex.fr", "xairfrance.fr", "airfrance1.fr"}},
		{
			name: "each hyphen-separated part", brand: "air-france.fr", n: 144,
			// dnstwist 2025: after each part; lookalike: before each part too.
			has: []string{"airx-france.fr", "air-francex.fr", "xair-france.fr", "air-xfrance.fr"},
		},
		{name: "digits", brand: "3com.com", has: []string{"3com4.com", "33com.com", "a3com.com"}},
		{name: "IDN brand", brand: "àirfrance.fr", n: 72, has: []string{"àirfrancex.fr", "xàirfrance.fr"}},
		{name: "A-label input", brand: "xn--irfrance-yya.fr", has: []string{"àirfrance1.fr"}},
	})
}
