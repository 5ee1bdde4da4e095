package names

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// RFC 1035 §2.3.4 limits, in octets of the A-label form.
const (
	MaxLabelLen = 63
	MaxNameLen  = 253
)

// IsLDH reports whether c may stand in a hostname label (letters, digits,
// hyphen), in either case.
func IsLDH(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c >= 'A' && c <= 'Z'
}

// IsASCII reports whether s holds only ASCII.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ValidLabel reports whether a lower-case ASCII label may be registered: LDH
// only, 1–63 octets, no hyphen at either end, and no "--" at positions 3–4
// unless it is a well-formed A-label (RFC 5891 §4.2.3.1).
func ValidLabel(l string) bool {
	if len(l) == 0 || len(l) > MaxLabelLen || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	if len(l) >= 4 && l[2] == '-' && l[3] == '-' {
		if !strings.HasPrefix(l, "xn--") {
			return false
		}
		u, err := labelProfile.ToUnicode(l)
		return err == nil && u != l
	}
	return true
}

// labelProfile checks a single label under IDNA2008 registration rules without
// the lookup mapping: a generated label must already be in its final form.
// ValidateForRegistration refuses any label that mapping would change (upper
// case, compatibility forms), so one ToASCII pass both converts and proves the
// Unicode form is the registered one.
var labelProfile = idna.New(
	idna.ValidateForRegistration(),
	idna.BidiRule(),
	idna.StrictDomainName(true),
	idna.VerifyDNSLength(true),
	idna.Transitional(false),
	idna.CheckHyphens(true),
	idna.CheckJoiners(true),
)

// ToALabel converts one label (Unicode or ASCII) to its A-label and reports
// whether the result may be registered. ASCII input takes a fast path with no
// allocation.
func ToALabel(label string) (string, bool) {
	if IsASCII(label) {
		return label, ValidLabel(label)
	}
	a, err := labelProfile.ToASCII(label)
	if err != nil || len(a) > MaxLabelLen {
		return "", false
	}
	return a, true
}

// Valid reports whether name (A-labels, lower case, dot-separated, no
// trailing dot) may be registered: every label valid, 253 octets at most.
func Valid(name string) bool {
	if len(name) == 0 || len(name) > MaxNameLen {
		return false
	}
	for l := range strings.SplitSeq(name, ".") {
		if !ValidLabel(l) {
			return false
		}
	}
	return true
}

// ValidHost reports whether a lower-case ASCII name is one DNS can be asked
// about: labels of letters, digits, hyphens and underscores (service labels
// such as _dmarc), 1–63 octets, no hyphen at either end, 253 octets in all,
// and a top-level label that is not all digits (that would be an address).
// It is looser than Valid, which says what a registrant can buy.
func ValidHost(s string) bool {
	if len(s) == 0 || len(s) > MaxNameLen {
		return false
	}
	last := ""
	for l := range strings.SplitSeq(s, ".") {
		if len(l) == 0 || len(l) > MaxLabelLen || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
		last = l
	}
	return strings.Trim(last, "0123456789") != ""
}

// ULabel decodes one A-label to its Unicode form under the registration
// rules, and reports false when the label is not one a registry may accept
// in that form.
func ULabel(alabel string) (string, bool) {
	u, err := labelProfile.ToUnicode(alabel)
	return u, err == nil
}
