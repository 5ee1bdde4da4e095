package world

import (
	"errors"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// The world reads the Public Suffix List on its own, with
// golang.org/x/net/publicsuffix rather than the product's package names, so
// that the e2e tests check the product's split against an independent
// reading. It reads the ICANN section only, as the product does: a name
// under a private suffix (blogspot.com) is registered under the ICANN suffix
// its registry sells (com), and that is what a registration test means.

// icannSuffix returns the ICANN public suffix of name, skipping the private
// section's rules; for a TLD the list does not know, its last label.
func icannSuffix(name string) string {
	ps, icann := publicsuffix.PublicSuffix(name)
	for !icann {
		i := strings.IndexByte(ps, '.')
		if i < 0 {
			return ps
		}
		ps, icann = publicsuffix.PublicSuffix(ps[i+1:])
	}
	return ps
}

// registrable is the ICANN registrable domain of name: the label left of
// its ICANN suffix, with the suffix.
func registrable(name string) (string, error) {
	ps := icannSuffix(name)
	if name == ps || !strings.HasSuffix(name, "."+ps) {
		return "", errors.New("a public suffix has no registrable domain")
	}
	left := strings.TrimSuffix(name, "."+ps)
	if i := strings.LastIndexByte(left, '.'); i >= 0 {
		left = left[i+1:]
	}
	return left + "." + ps, nil
}
