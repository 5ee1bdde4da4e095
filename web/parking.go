package web

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/lookalike/lookalike/wordlists"
)

// shortPage is the most words a page may have for a generic for-sale notice
// to make it a lander: landers say little besides the notice and links.
const shortPage = 400

// ParkedForSale is Page.Parking when a page is a lander whose service
// cannot be told.
const ParkedForSale = "for sale"

// parkedBy tells whether d is a parking or for-sale lander: a service's
// code or notice anywhere, or a generic notice on a short page without a
// password field. It returns the service (ParkedForSale when unknown) and
// the sign that says so.
func parkedBy(d Doc, finalURL string) (service, why string, ok bool) {
	hosts := make([]string, 0, len(d.Resources)+1)
	for _, r := range append([]string{finalURL, d.Refresh}, d.Resources...) {
		if u, err := url.Parse(r); err == nil && u.Hostname() != "" {
			hosts = append(hosts, strings.ToLower(u.Hostname()))
		}
	}
	words := len(strings.Fields(d.Text))
	for _, p := range wordlists.ParkingPages() {
		switch p.Where {
		case wordlists.ParkingHost:
			for _, h := range hosts {
				if h == p.Phrase || strings.HasSuffix(h, "."+p.Phrase) {
					return p.Service, fmt.Sprintf("page loads %s", h), true
				}
			}
		case wordlists.ParkingText:
			if p.Service == "" && (words > shortPage || d.LoginForm) {
				continue
			}
			if hasPhrase(d.Text, p.Phrase) {
				svc := p.Service
				if svc == "" {
					svc = ParkedForSale
				}
				return svc, fmt.Sprintf("page says %q", p.Phrase), true
			}
		}
	}
	return "", "", false
}

// hasPhrase finds phrase in text on word boundaries: "domain is for sale"
// is in "this domain is for sale!" but not in "subdomain is for sale".
func hasPhrase(text, phrase string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], phrase)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(phrase)
		if (start == 0 || !isWordByte(text[start-1])) && (end == len(text) || !isWordByte(text[end])) {
			return true
		}
		i = start + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}
