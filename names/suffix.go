package names

import (
	"strings"

	"github.com/weppos/publicsuffix-go/publicsuffix"
)

// pslFind ignores the private section: a brand on a private suffix such as
// blogspot.com is still judged against the ICANN suffix its registry sells.
var pslFind = &publicsuffix.FindOptions{IgnorePrivate: true, DefaultRule: nil}

// Registrable splits a name (A-labels, no trailing dot) into its registrable
// domain and public suffix (ICANN section): "air.france.fr" → "france.fr", "fr".
// ok is false for a public suffix itself or a name under an unknown TLD.
func Registrable(name string) (domain, suffix string, ok bool) {
	return split(publicsuffix.DefaultList.Find(name, pslFind), name)
}

// split cuts name by rule: the label left of the rule's suffix, with it.
func split(rule *publicsuffix.Rule, name string) (domain, suffix string, ok bool) {
	if rule == nil {
		return "", "", false
	}
	parts := rule.Decompose(name)
	if parts[0] == "" || parts[1] == "" {
		return "", "", false
	}
	left := parts[0]
	if i := strings.LastIndexByte(left, '.'); i >= 0 {
		left = left[i+1:]
	}
	return left + "." + parts[1], parts[1], true
}

// Cut is Registrable for names that may lie outside the list: a name under
// an unknown TLD is cut as the list's default rule does (the last label is the
// suffix), and a public suffix is returned as it is with its parent as suffix.
// DNS code uses it, because any name can be asked about.
func Cut(name string) (reg, suffix string) {
	if reg, suffix, ok := Registrable(name); ok {
		return reg, suffix
	}
	labels := strings.Split(name, ".")
	switch n := len(labels); {
	case n < 2:
		return name, ""
	case IsPublicSuffix(name):
		return name, strings.Join(labels[1:], ".")
	default:
		return labels[n-2] + "." + labels[n-1], labels[n-1]
	}
}

// IsPublicSuffix reports whether names are registered directly under s (the
// ICANN section of the list): a name one label longer is its own registrable
// domain. "co.uk" and "com" are; "za" (sold only under co.za and others) is not.
func IsPublicSuffix(s string) bool {
	reg, sfx, ok := Registrable("x." + s)
	return ok && sfx == s && reg == "x."+s
}

// LastLabel returns the last label of a name: "uk" for "co.uk".
func LastLabel(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Label returns the registrable label of a registrable domain under suffix:
// "airfrance" for ("airfrance.fr", "fr").
func Label(reg, suffix string) string {
	return strings.TrimSuffix(reg, "."+suffix)
}
