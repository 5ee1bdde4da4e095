package permute

import (
	"fmt"
	"testing"

	"github.com/lookalike/lookalike/names"
)

func TestSimilar(t *testing.T) {
	brand, _ := ParseBrand("airfrance.fr")
	tests := []struct {
		name, domain string
		want         bool
	}{
		{"the brand itself", "airfrance.fr", false},
		{"a subdomain of the brand", "www.airfrance.fr", false},
		{"tld swap", "airfrance.com", true},
		{"combo", "websupportairfrance.fr", true},
		{"combo with hyphen", "airfrance-refund.com", true},
		{"typo", "airfrnce.fr", true},
		{"transposition", "airfrnace.fr", true},
		{"two edits on a long label", "aifrnace.fr", true},
		{"homoglyph rn", "airfrance.fr", false},
		{"accent", "àirfrance.fr", true},
		{"cyrillic a-label", "xn--irfrnce-3fgc.fr", true},
		{"hyphenated", "air-france.fr", true},
		{"unrelated", "example.com", false},
		{"unrelated but close in length", "airbnb.com", false},
		{"not a domain", "co.uk", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := Similar(brand, tt.domain)
			if got != tt.want {
				t.Errorf("Similar(airfrance.fr, %q) = %v (%s), want %v", tt.domain, got, why, tt.want)
			}
			if got && why == "" {
				t.Errorf("no reason given for %q", tt.domain)
			}
		})
	}
	paypal, _ := ParseBrand("paypal.com")
	if ok, _ := Similar(paypal, "rnicrosoft.com"); ok {
		t.Error("rnicrosoft.com imitates paypal?")
	}
	ms, _ := ParseBrand("microsoft.com")
	if ok, why := Similar(ms, "rnicrosoft.com"); !ok {
		t.Errorf("rnicrosoft.com not seen as microsoft lookalike (%s)", why)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "abc", 0}, {"abc", "acb", 1}, {"abc", "ab", 1}, {"kitten", "sitting", 3}, {"àb", "ab", 1}} {
		if got := names.EditDistance(tt.a, tt.b); got != tt.d {
			t.Errorf("names.EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

func ExampleSimilar() {
	brand, _ := ParseBrand("airfrance.fr")
	for _, d := range []string{"websupportairfrance.fr", "airfrnace.fr", "example.com"} {
		ok, why := Similar(brand, d)
		fmt.Println(d, ok, why)
	}
	// Output:
	// websupportairfrance.fr true holds the brand's label (combosquat)
	// airfrnace.fr true a typo of airfrance (1 edit)
	// example.com false
}

func ExampleSkeleton() {
	fmt.Println(Skeleton("раураl"), Skeleton("paypa1"), Skeleton("amazon"))
	// Output: paypal paypal arnazon
}
