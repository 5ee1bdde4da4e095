package similar

import (
	"slices"
	"testing"
)

func TestOneEdit(t *testing.T) {
	for _, tc := range []struct {
		name, brand, label string
		want               Edit
		ok                 bool
	}{
		{"replace", "airfrance", "airfrsnce", Edit{Op: OpReplace, Was: 'a', Is: 's', At: 5}, true},
		{"swap", "airfrance", "iarfrance", Edit{Op: OpSwap, Was: 'a', Is: 'i', At: 0}, true},
		{"double", "airfrance", "airrfrance", Edit{Op: OpDouble, Is: 'r', Prev: 'r', Next: 'f', At: 3}, true},
		{"insert", "airfrance", "airfrancek", Edit{Op: OpInsert, Is: 'k', Prev: 'e', At: 9}, true},
		{"hyphen added", "airfrance", "air-france", Edit{Op: OpInsert, Is: '-', Prev: 'r', Next: 'f', At: 3}, true},
		{"omit", "airfrance", "aifrance", Edit{Op: OpOmit, Was: 'r', At: 2}, true},
		{"hyphen left out", "air-france", "airfrance", Edit{Op: OpOmit, Was: '-', At: 3}, true},
		{"unicode", "paypal", "раypal", Edit{}, false}, // two Cyrillic letters
		{"same", "paypal", "paypal", Edit{}, false},
		{"two edits", "airfrance", "iarfrancz", Edit{}, false},
		{"two apart", "abcd", "xbcy", Edit{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := oneEdit([]rune(tc.brand), []rune(tc.label))
			if ok != tc.ok || got != tc.want {
				t.Errorf("oneEdit(%q, %q) = %+v, %v; want %+v, %v", tc.brand, tc.label, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// Judge's Form gives the parts of its reading as written.
func TestJudgeForm(t *testing.T) {
	for _, tc := range []struct {
		name, brand, domain string
		kind                Kind
		prefix, suffix      string
		words               []string
		edit                string // Edit.String(), "" for none
		accents             bool
	}{
		{"combo after", "airfrance.fr", "airfrance-login.fr", KindCombo, "", "-login", []string{"login"}, "", false},
		{"combo glued before", "airfrance.fr", "websupportairfrance.fr", KindCombo, "websupport", "", []string{"websupport"}, "", false},
		{"combo both sides", "airfrance.fr", "account-airfrance-verify.com", KindCombo, "account-", "-verify", []string{"account", "verify"}, "", false},
		{"other token cut into words", "airfrance.fr", "airfrance-accountverify.fr", KindCombo, "", "-accountverify", []string{"account", "verify"}, "", false},
		{"missing dot", "airfrance.fr", "wwwairfrance.fr", KindMissingDot, "www", "", nil, "", false},
		{"tld in label", "hsbc.co.uk", "hsbc-co-uk.com", KindTLDInLabel, "", "-co-uk", nil, "", false},
		{"typo as written", "discord.com", "d1scord.xyz", KindTypo, "", "", nil, "i→1", false},
		{"typo written, two edits as seen", "commbank.com.au", "clmmbank.com.au", KindTypo, "", "", nil, "o→l", false},
		{"typo adding a letter in front", "airfrance.fr", "mairfrance.fr", KindTypo, "m", "", nil, "extra m", false},
		{"typo doubling the first letter", "microsoft.com", "mmicrosoft.com", KindTypo, "m", "", nil, "doubled m", false},
		{"typo past a hyphen", "airfrance.fr", "airfrance-m.fr", KindTypo, "", "-m", nil, "extra m", false},
		{"hyphen", "airfrance.fr", "air-france.fr", KindTypo, "", "", nil, "hyphen added", false},
		{"accents", "airfrance.fr", "àirfrance.fr", KindIDN, "", "", nil, "a→à", true},
		{"cyrillic", "airfrance.fr", "аirfrance.fr", KindIDN, "", "", nil, "a→а", false},
		{"lookalike only as seen", "acmebank.com", "acrnebark.com", KindTypo, "", "", nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := MustBrand(tc.brand).Judge(tc.domain)
			if !ok || m.Kind != tc.kind {
				t.Fatalf("Judge(%q) = %+v, %v; want kind %s", tc.domain, m, ok, tc.kind)
			}
			f := m.Form
			edit := ""
			if f.Edit.Op != "" {
				edit = f.Edit.String()
			}
			if f.Prefix != tc.prefix || f.Suffix != tc.suffix || !slices.Equal(f.Words, tc.words) || edit != tc.edit || f.Accents != tc.accents {
				t.Errorf("Judge(%q).Form = %+v (edit %q); want prefix %q suffix %q words %q edit %q accents %v",
					tc.domain, f, edit, tc.prefix, tc.suffix, tc.words, tc.edit, tc.accents)
			}
		})
	}
}
