package audit

import (
	"strings"

	"golang.org/x/net/idna"
)

// badULabel reports whether an A-label host holds a label that does not
// decode, or decodes to what no name may hold: U+FFFD (the trace of bytes
// that were not UTF-8 before someone encoded them), a C0 or C1 control, or
// a bidirectional control (RFC 5893 forbids them; they reorder how a name
// displays). Such a host was never registrable, so it is no finding at all;
// unchecked, it is "unregistered", hence critical. Names merely invalid under
// IDNA2008 but registered under IDNA2003 (xn--h6h, a heart) are kept: the
// audit reports what exists.
func badULabel(host string) bool {
	for l := range strings.SplitSeq(host, ".") {
		if !strings.HasPrefix(l, "xn--") {
			continue
		}
		u, err := idna.Punycode.ToUnicode(l)
		if err != nil || u == "" || u == l {
			return true
		}
		for _, r := range u {
			if forbiddenRune(r) {
				return true
			}
		}
	}
	return false
}

func forbiddenRune(r rune) bool {
	switch {
	case r == '\uFFFD', r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r == '\u061C', r == '\u200E', r == '\u200F', r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
