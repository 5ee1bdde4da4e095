package permute

import "testing"

func TestFuzzVarious(t *testing.T) {
	runFuzzCases(t, fuzzVarious, []fuzzCase{
		{name: "ccTLD", brand: "airfrance.fr", want: []string{"airfrancefr.fr", "airfrance-fr.fr", "airfrance-fr.com", "airfrancefr.com"}},
		{name: ".com", brand: "paypal.com", want: []string{"paypalcom.com", "paypal-com.com"}},
		{name: "two-label suffix", brand: "example.co.uk", want: []string{"example.uk", "exampleco.uk", "example-co.uk"}},
		{name: "with subdomain", brand: "www.ab.co.uk", has: []string{"wwwab.co.uk", "www-ab.co.uk"}},
		{name: "deep subdomain", brand: "a.b.paypal.com", has: []string{"a.bpaypal.com", "abpaypal.com", "a.b-paypal.com", "a-b-paypal.com"}},
		{name: "IDN brand", brand: "àirfrance.fr", has: []string{"àirfrancefr.fr", "àirfrance-fr.com"}},
		// .рф glued to a Latin label makes a mixed-script label no registry sells.
		{name: "IDN TLD", brand: "соса.xn--p1ai", has: []string{"сосарф.рф", "соса-рф.рф"}},
	})
}
