package permute

import "testing"

func TestFuzzReplacement(t *testing.T) {
	runFuzzCases(t, fuzzReplacement, []fuzzCase{
		{name: "one letter, every layout", brand: "a.fr", want: []string{"q.fr", "w.fr", "s.fr", "z.fr", "y.fr", "2.fr", "1.fr", "é.fr"}},
		{name: "airfrance", brand: "airfrance.fr", n: 56, has: []string{"sirfrance.fr", "aorfrance.fr", "airfrancw.fr"}},
		{name: "hyphen key", brand: "a-b.fr", has: []string{"a0b.fr", "apb.fr", "aèb.fr"}},
		{name: "IDN brand", brand: "àb.fr", want: []string{"pb.fr", "ob.fr", "9b.fr", "çb.fr", "àv.fr", "àg.fr", "àh.fr", "àn.fr"}},
		{name: "digits", brand: "3com.com", has: []string{"4com.com", "ecom.com"}},
	})
}
