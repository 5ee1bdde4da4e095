package permute

import "testing"

func TestFuzzDictionary(t *testing.T) {
	runFuzzCases(t, fuzzDictionary, []fuzzCase{
		{name: "no dictionary", brand: "airfrance.fr", want: []string{}},
		{
			name: "both sides, with and without hyphen", brand: "airfrance.fr", dict: []string{"login"},
			want: []string{"airfrance-login.fr", "airfrancelogin.fr", "login-airfrance.fr", "loginairfrance.fr"},
		},
		{
			name: "in place of a hyphenated part", brand: "air-france.fr", dict: []string{"pay"},
			has: []string{"air-pay.fr", "pay-france.fr", "air-france-pay.fr", "payair-france.fr"},
		},
		{name: "the label itself is skipped", brand: "login.com", dict: []string{"login"}, want: []string{}},
		{name: "IDN brand", brand: "àirfrance.fr", dict: []string{"login"}, has: []string{"àirfrance-login.fr"}},
		// "-x-abc" and "-xabc" start with a hyphen: dropped.
		{name: "word with a hyphen", brand: "abc.com", dict: []string{"-x"}, want: []string{"abc--x.com", "abc-x.com"}},
	})
}
