package permute

import "testing"

func TestFuzzPlural(t *testing.T) {
	runFuzzCases(t, fuzzPlural, []fuzzCase{
		{
			name: "after each word", brand: "airfrance.fr",
			want: []string{"airsfrance.fr", "airfsrance.fr", "airfrsance.fr", "airfrasnce.fr", "airfransce.fr", "airfrancse.fr", "airfrances.fr"},
		},
		{name: "es after s x z", brand: "boxbus.com", has: []string{"boxesbus.com", "boxbuses.com"}},
		{name: "y to ies", brand: "company.com", has: []string{"companies.com", "companys.com"}},
		{name: "hyphenated", brand: "city-bank.com", has: []string{"cities-bank.com", "city-banks.com"}},
		{name: "short", brand: "ab.com", want: []string{}},
		{name: "IDN brand", brand: "àirfrance.fr", has: []string{"àirfrances.fr", "àirsfrance.fr"}},
		{name: "digits", brand: "3com.com", want: []string{"3cosm.com", "3coms.com"}},
	})
}
