package names

import (
	"strings"

	"golang.org/x/net/idna"
)

// Registration applies IDNA2008 registration rules (RFC 5891 §4) after the
// lookup mapping (lower case, full-width forms, as browsers do): what a
// registry may accept, stricter than lookup. It is the one profile that turns
// user input into an A-label.
var Registration = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.ValidateLabels(true),
	idna.StrictDomainName(true),
	idna.VerifyDNSLength(true),
	idna.Transitional(false),
)

// Lookup maps a host the way a browser does before it sends it to DNS: the
// profile for hosts found in pages and files, which need not be registrable.
var Lookup = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.BidiRule(),
)

// ToUnicode decodes the A-labels of a name for display; a label that does not
// decode stays as it is, so the result is always printable as the name was.
func ToUnicode(name string) string {
	if !strings.Contains(name, "xn--") {
		return name
	}
	labels := strings.Split(name, ".")
	for i, l := range labels {
		if strings.HasPrefix(l, "xn--") {
			if u, err := idna.Punycode.ToUnicode(l); err == nil {
				labels[i] = u
			}
		}
	}
	return strings.Join(labels, ".")
}

// Normalize lower-cases a name, trims space and the trailing dot: the form in
// which records (NS and MX targets, CNAMEs) are compared.
func Normalize(s string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
}

// ToASCII turns a name in any form (Unicode or A-label, any case, trailing
// dot allowed) into its lower-case A-label form under the lookup profile, or
// reports false. It accepts what browsers accept, underscore labels included.
func ToASCII(name string) (string, bool) {
	name = strings.TrimSuffix(strings.TrimSpace(name), ".")
	if name == "" {
		return "", false
	}
	if IsASCII(name) {
		a := strings.ToLower(name)
		return a, ValidHost(a)
	}
	a, err := Lookup.ToASCII(name)
	if err != nil {
		return "", false
	}
	a = strings.ToLower(a)
	return a, ValidHost(a)
}
