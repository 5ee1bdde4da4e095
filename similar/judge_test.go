package similar

import (
	"math/rand/v2"
	"testing"
)

func TestJudge(t *testing.T) {
	for _, tc := range []struct {
		name, brand, domain string
		want                Kind // "" for no match
		edit                string
	}{
		{"own domain", "paypal.com", "paypal.com", "", ""},
		{"own subdomain", "paypal.com", "www.paypal.com", "", ""},
		{"tld swap", "paypal.com", "paypal.co", KindTLDSwap, ""},
		{"cyrillic a", "paypal.com", "xn--pypal-4ve.com", KindIDN, ""},
		{"rn for m", "microsoft.com", "rnicrosoft.com", KindHomoglyph, ""},
		{"digit one", "paypal.com", "paypa1.xyz", KindHomoglyph, ""},
		{"digit for i reads as l", "discord.com", "d1scord.xyz", KindTypo, "i→l"},
		{"one edit", "discord.com", "dlscord.com", KindTypo, "i→l"},
		{"swap", "discord.com", "dicsord.com", KindTypo, "swapped sc"},
		{"missing letter", "telegram.org", "telegam.org", KindTypo, "missing r"},
		{"two edits long brand", "steamcommunity.com", "steamcomunnity.ru", KindTypo, "2 edits"},
		{"hyphen", "inpost.pl", "in-post.lat", KindTypo, "hyphens changed"},
		{"short brand no typo", "dhl.com", "dhk.com", "", ""},
		{"short brand token", "dhl.com", "dhl-express.net", KindCombo, ""},
		{"short brand glued word", "dhl.com", "dhlexpress.net", KindCombo, ""},
		{"short brand junk", "dhl.com", "dhlqx.net", "", ""},
		{"ups in groups", "ups.com", "groups.io", "", ""},
		{"bt in debt", "bt.com", "debtfree.com", "", ""},
		{"apple in pineapple", "apple.com", "pineapple.com", "", ""},
		{"apple in applesauce", "apple.com", "applesauce.net", "", ""},
		{"apple in grapple", "apple.com", "grapple.org", "", ""},
		{"apple in appleton", "apple.com", "appletonhotel.com", "", ""},
		{"booking in overbooking", "booking.com", "overbooking.com", "", ""},
		{"word is no typo", "apple.com", "ample.com", "", ""},
		{"apple combo", "apple.com", "apple-support.com", KindCombo, ""},
		{"apple glued", "apple.com", "applestore.net", KindCombo, ""},
		{"inflected brand", "telegram.org", "telegramsupport.com", KindCombo, ""},
		{"long brand bare", "correos.es", "correossii.xyz", KindCombo, ""},
		{"short non-word brand bare", "smbc.co.jp", "smbcsb.com", KindCombo, ""},
		{"short word brand bare", "chase.com", "chasexq.com", "", ""},
		{"short non-word brand mid-part", "smbc.co.jp", "xqsmbcsb.com", "", ""},
		{"leet in rest", "chase.com", "chase0nlineapp.com", KindCombo, ""},
		{"across hyphens", "auspost.com.au", "aus-post-parcel.com", KindCombo, ""},
		{"suffix written in", "pancakeswap.finance", "pancake-swap-finance.com", KindTLDInLabel, ""},
		{"www", "roblox.com", "www-roblox.us", KindMissingDot, ""},
		{"www glued", "pancakeswap.finance", "wwwpancakeswap.top", KindMissingDot, ""},
		{"tld in label", "bitflyer.com", "bitflyerco.com", KindTLDInLabel, ""},
		{"tld token", "rbc.com", "rbc-ca.xyz", KindTLDInLabel, ""},
		{"subdomain", "paypal.com", "paypal.com-secure.xyz", KindSubdomain, ""},
		{"private suffix", "steamcommunity.com", "steamcommunity-trade.ru.com", KindCombo, ""},
		{"combo typo", "discord.com", "dscordnitro.xyz", KindComboTypo, "missing i"},
		{"combo typo hyphen", "rakuten.co.jp", "ratuten-bank.com", KindComboTypo, "k→t"},
		{"no typo inside a word", "interac.ca", "interfaces-holistic.io", "", ""},
		// A fold may only help: the closer of the folded and the written
		// reading counts.
		{"deletion beside r, not rn for m", "airfrance.fr", "airfrnce.com", KindTypo, "missing a"},
		{"replacement before n, not rn for m", "amazon.com", "amazrn.com", KindTypo, "o→r"},
		{"cl kept when it holds the brand", "hsbc.com", "hsbclogin.com", KindCombo, ""},
		{"vv kept when it is the typo", "vivid.com", "vvid.net", KindTypo, "missing i"},
		{"brand with cl read as written", "clarins.com", "ciarins.com", KindTypo, "l→i"},
		{"fold that helps still counts", "microsoft.com", "rnicrosoft.net", KindHomoglyph, ""},
		// A run of look-alike digits inside letters reads as letters.
		{"two digits for letters", "google.com", "g00gle.com", KindHomoglyph, ""},
		{"three digits for letters", "microsoft.com", "micr050ft.com", KindHomoglyph, ""},
		{"digit run at the edge stays a number", "google.com", "google00.com", KindCombo, ""},
		{"unrelated", "paypal.com", "example.org", "", ""},
		{"not a name", "paypal.com", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := MustBrand(tc.brand).Judge(tc.domain)
			if tc.want == "" {
				if ok {
					t.Fatalf("Judge(%q) against %s = %+v, want no match", tc.domain, tc.brand, m)
				}
				return
			}
			if !ok || m.Kind != tc.want {
				t.Fatalf("Judge(%q) against %s = %+v, %v; want kind %s", tc.domain, tc.brand, m, ok, tc.want)
			}
			if tc.edit != "" && m.Edit != tc.edit {
				t.Errorf("Judge(%q): edit %q, want %q", tc.domain, m.Edit, tc.edit)
			}
			if m.Brand != MustBrand(tc.brand).Domain || m.Score < 1 || m.Score > 100 || m.Reason == "" {
				t.Errorf("Judge(%q) = %+v: want the brand, a score in 1–100 and a reason", tc.domain, m)
			}
		})
	}
}

func TestTermsAndPortfolio(t *testing.T) {
	pb := MustBrand("discord.com").Brand
	b, err := NewBrand(pb, []string{"nitro"}, []string{"discordapp.com", "www.discord.gg"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, domain string
		want         Kind
	}{
		{"term as token", "nitro-gift.com", KindTerm},
		{"portfolio never reported", "discordapp.com", ""},
		{"portfolio from a URL", "cdn.discord.gg", ""},
		{"other names still judged", "discord-app.com", KindCombo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := b.Judge(tc.domain)
			if ok != (tc.want != "") || m.Kind != tc.want {
				t.Fatalf("Judge(%q) = %+v, %v; want %q", tc.domain, m, ok, tc.want)
			}
		})
	}
	if _, err := NewBrand(pb, []string{"ab"}, nil); err == nil {
		t.Error("NewBrand accepted a 2-letter term")
	}
	if _, err := NewBrand(pb, nil, []string{"com"}); err == nil {
		t.Error("NewBrand accepted a public suffix as a portfolio domain")
	}
}

func TestVisual(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"microsoft", "microsoft"},
		{"rnicrosoft", "microsoft"},
		{"discorcl", "discord"},
		{"paypa1", "paypal"},
		{"wellsfarg0", "wellsfargo"},
		{"adobe-06195", "adobe-06195"},
		{"раураl", "paypal"},
		{"àirfrance", "airfrance"},
		{"int3r4c", "interac"},
		{"g00gle", "google"},
		{"micr050ft", "microsoft"},
		{"web365", "web365"},
		{"a2019b", "a2019b"},
		{"g00", "g00"},
	} {
		if got := Visual(tc.in); got != tc.want {
			t.Errorf("Visual(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestOccurrence(t *testing.T) {
	for _, tc := range []struct {
		p, t             string
		dist, start, end int
	}{
		{"discord", "xxdiscordyy", 0, 2, 9},
		{"discord", "dscordnitro", 1, 0, 6},
		{"telegram", "webtellegram", 1, 3, 12},
		{"abc", "xyz", 3, 0, 0},
	} {
		d, s, e := occurrence([]byte(tc.p), []byte(tc.t))
		if d != tc.dist || (d < len(tc.p) && (s != tc.start || e != tc.end)) {
			t.Errorf("occurrence(%q, %q) = %d [%d,%d), want %d [%d,%d)", tc.p, tc.t, d, s, e, tc.dist, tc.start, tc.end)
		}
	}
}

// TestOccurrenceWithin checks the cut-off occurrence against the whole
// one on random short texts over a small alphabet, where edits crowd: the
// same distance and span when it is within k, and above k when it is not.
func TestOccurrenceWithin(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	word := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc"[r.IntN(3)]
		}
		return b
	}
	for i := 0; i < 50000; i++ {
		p, s, k := word(1+r.IntN(12)), word(r.IntN(16)), r.IntN(4)
		d, st, en := occurrence(p, s)
		gd, gst, gen := occurrenceWithin(p, s, k)
		if d <= k && (gd != d || gst != st || gen != en) || d > k && gd <= k {
			t.Fatalf("occurrenceWithin(%q, %q, %d) = %d [%d,%d), occurrence %d [%d,%d)", p, s, k, gd, gst, gen, d, st, en)
		}
	}
}

// FuzzJudge checks the invariants of a judgement of any input: no panic, a
// match names the brand with a score in 1–100 and a reason, and the brand's
// own domain never matches.
func FuzzJudge(f *testing.F) {
	for _, s := range []string{"paypal.com", "xn--pypal-4ve.com", "paypal.com-secure.xyz", "a-.b", "*.x.ru.com", "0-1.co.uk", "пример.рф"} {
		f.Add(s)
	}
	b := MustBrand("paypal.com")
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := b.Judge(s)
		if !ok {
			return
		}
		if m.Brand != "paypal.com" || m.Score < 1 || m.Score > 100 || m.Reason == "" || m.Kind == "" {
			t.Fatalf("Judge(%q) = %+v", s, m)
		}
		if m.Registrable == "paypal.com" {
			t.Fatalf("Judge(%q) matched the brand's own domain", s)
		}
	})
}
