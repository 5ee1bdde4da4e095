package web

import "strings"

// Clean removes control characters (C0, DEL, C1, and the bidirectional and
// zero-width format controls that can spoof a terminal line) and invalid
// UTF-8 from text that came from the network, so that it never drives a
// terminal. It is the rule of report.Clean, kept here so that the readers of
// the network (this package, smtpbanner) do not pull in the report and
// resolve packages; if one changes, the other must.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return false
}
