package permute

import "testing"

func TestFuzzInsertion(t *testing.T) {
	runFuzzCases(t, fuzzInsertion, []fuzzCase{
		{
			// qwerty q w s z, qwertz adds y, azerty 2 1 é.
			name: "one letter, every layout", brand: "a.fr",
			want: []string{"qa.fr", "aq.fr", "wa.fr", "aw.fr", "sa.fr", "as.fr", "za.fr", "az.fr", "ya.fr", "ay.fr", "2a.fr", "a2.fr", "1a.fr", "a1.fr", "éa.fr", "aé.fr"},
		},
		// dnstwist 2025 inserts before the first character; lookalike also after the last.
		{name: "first and last", brand: "airfrance.fr", has: []string{"qairfrance.fr", "airfrancew.fr", "airfrancre.fr"}},
		{name: "keys around the hyphen", brand: "a-b.fr", has: []string{"a-0b.fr", "ap-b.fr"}},
		{name: "digits", brand: "3com.com", has: []string{"34com.com", "e3com.com"}},
		{name: "IDN brand", brand: "àb.fr", has: []string{"çàb.fr", "àpb.fr", "àbh.fr"}},
		{name: "German keys", brand: "top.de", has: []string{"topü.de", "toöp.de"}},
	})
}
