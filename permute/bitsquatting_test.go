package permute

import "testing"

func TestFuzzBitsquatting(t *testing.T) {
	runFuzzCases(t, fuzzBitsquatting, []fuzzCase{
		{
			// a=0x61 flips to c e i q; b=0x62 to c f j r; c=0x63 to b a g k s.
			name: "every flip that stays a letter", brand: "abc.com",
			want: []string{"cbc.com", "ebc.com", "ibc.com", "qbc.com", "acc.com", "afc.com", "ajc.com", "arc.com", "abb.com", "aba.com", "abg.com", "abk.com", "abs.com"},
		},
		{name: "one letter", brand: "a.fr", want: []string{"c.fr", "e.fr", "i.fr", "q.fr"}},
		// '-' (0x2d) flips to 'm' (0x6d); '3' (0x33) to 2 1 7 s.
		{name: "hyphen", brand: "a-b.fr", has: []string{"amb.fr"}},
		{name: "digit", brand: "3com.com", has: []string{"2com.com", "1com.com", "7com.com", "scom.com"}},
		{
			// The A-label xn--b-sfa is what travels on the wire: its flips
			// decode to other IDN names.
			name: "IDN brand", brand: "àb.fr",
			has: []string{"àc.fr", "bà.fr", "âb.fr"},
		},
		{name: "A-label input", brand: "xn--irfrance-yya.fr", has: []string{"àirfbance.fr"}},
	})
}
