package audit

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/lookalike/lookalike/names"
)

// What the text scanners look for. A URL must carry a scheme (or be
// protocol-relative, handled by the callers that know the context); an e-mail
// address must end in a name with at least one dot. Both are checked again by
// newRef, which insists on an ICANN suffix.
var (
	urlRE = regexp.MustCompile(`(?i)\b(?:https?|wss?|ftps?|sftp)://[^\s"'<>\\^` + "`" + `{}|()\[\],;]+`)
	// The local part leaves out '=', '/', '{' and '}', which RFC 5322 allows
	// but which in practice glue an address to a key ("from=a@b.fr") or a
	// template; the domain is LDH labels, possibly an A-label.
	emailRE = regexp.MustCompile(`[A-Za-z0-9!#$%&*+?^_|~.-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]`)
	// hostRE finds candidate bare host names in prose and configuration.
	hostRE = regexp.MustCompile(`(?i)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+`)
)

// legacyGTLDs are the generic TLDs older than the 2012 round. Newer generic
// TLDs are English words (.name, .email, .style, .page, .save, .new), and a
// dotted string ending in one is far more often a property path or an i18n key
// ("user.name", "form.email") than a host, so a bare name is only believed
// under these or a country code. In a URL or an address every ICANN suffix
// counts.
var legacyGTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "biz": true, "edu": true,
	"gov": true, "mil": true, "int": true, "mobi": true, "pro": true, "aero": true,
	"coop": true, "museum": true, "travel": true, "jobs": true, "asia": true, "tel": true,
}

// wordyCCTLDs are country codes that are also file extensions or everyday
// identifiers ("readme.md", "user.id", "setup.py", "main.tf", "order.no"). A
// bare two-label name under them is not believed; three labels
// ("api.brand.io" style, "mail.brand.me") are.
var wordyCCTLDs = map[string]bool{
	"id": true, "no": true, "is": true, "to": true, "in": true, "at": true, "by": true,
	"me": true, "do": true, "us": true, "it": true, "as": true, "be": true, "so": true,
	"my": true, "am": true, "md": true, "sh": true, "py": true, "rs": true, "pl": true,
	"pm": true, "cc": true, "ps": true, "tf": true, "gs": true, "ml": true, "mk": true,
	"ts": true, "js": true, "cs": true, "hs": true, "rb": true, "ai": true, "sc": true,
	"st": true, "sv": true, "vc": true, "zw": true, "ac": true,
}

// bareHost decides whether a string standing alone (a quoted script string, a
// token in prose, a configuration value) is a host name, and returns it
// normalised. The rules trade recall for precision, since a false critical
// finding wastes an analyst's morning: lower-case ASCII only (hosts are written
// that way; "README.md" and "Window.Name" are not hosts), a top-level domain that
// is a country code or a legacy generic TLD, and three labels or more under the
// country codes that double as file extensions.
func bareHost(s string) (string, bool) {
	if s == "" || len(s) > 253 || s != strings.ToLower(s) {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return "", false
		}
	}
	if !names.ValidHost(s) {
		return "", false
	}
	tld := names.LastLabel(s)
	labels := strings.Count(s, ".") + 1
	switch {
	case legacyGTLDs[tld]:
	case len(tld) == 2 || strings.HasPrefix(tld, "xn--"):
		if wordyCCTLDs[tld] && labels < 3 {
			return "", false
		}
	default:
		return "", false
	}
	if _, ok := registrable(s); !ok {
		return "", false
	}
	// "1.2.3.com" is a version string somebody suffixed, not a host.
	if strings.Trim(s[:len(s)-len(tld)], "0123456789.") == "" {
		return "", false
	}
	return s, true
}

// bareHostRef reads a string that may be a host alone or a host followed by a
// port and path ("api.brand.com/v1/refund", "smtp.brand.fr:587").
func bareHostRef(s, kind, source string) (Ref, bool) {
	host := s
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		port := host[i+1:]
		if port == "" || strings.Trim(port, "0123456789") != "" {
			return Ref{}, false
		}
		host = host[:i]
	}
	h, ok := bareHost(host)
	if !ok {
		return Ref{}, false
	}
	return newRef(h, kind, source, s)
}

// trimURL removes what commonly follows a URL in prose or code without being
// part of it: closing punctuation, escaped quotes, trailing dots.
func trimURL(s string) string {
	for {
		t := strings.TrimRight(s, ".:!?*")
		t = strings.TrimSuffix(t, "&quot")
		if t == s {
			return s
		}
		s = t
	}
}

// scanLine pulls URLs and e-mail addresses out of one line of text (from a
// script, a text node, a file) and, when bare is not empty, bare host names too,
// under that kind. Spans already read as a URL or address are not read again.
// Addresses are KindEmail, except in e-mail headers (urlKind KindHeader).
func scanLine(c *collector, line, source, urlKind, bare string) {
	emailKind := KindEmail
	if urlKind == KindHeader {
		emailKind = KindHeader
	}
	// covered marks the bytes already read as a URL or an address. A check
	// reads only the match's own bytes, and the matches of one pattern do not
	// overlap, so a minified megabyte on one line stays linear.
	var covered []bool
	inSpan := func(a, b int) bool {
		if covered == nil {
			return false
		}
		for i := a; i < b; i++ {
			if covered[i] {
				return true
			}
		}
		return false
	}
	cover := func(a, b int) {
		if covered == nil {
			covered = make([]bool, len(line))
		}
		for i := a; i < b; i++ {
			covered[i] = true
		}
	}
	for _, loc := range urlRE.FindAllStringIndex(line, -1) {
		cover(loc[0], loc[1])
		u, err := url.Parse(trimURL(line[loc[0]:loc[1]]))
		if err != nil {
			continue
		}
		c.add(urlRef(u, urlKind, source))
	}
	for _, loc := range emailRE.FindAllStringIndex(line, -1) {
		if inSpan(loc[0], loc[1]) {
			continue // "https://user@host/" was read as a URL
		}
		cover(loc[0], loc[1])
		c.add(emailRef(strings.TrimLeft(line[loc[0]:loc[1]], "."), emailKind, source))
	}
	if bare == "" {
		return
	}
	for _, loc := range hostRE.FindAllStringIndex(line, -1) {
		// A name glued to identifier characters ("$x.com", "file.name_x") is
		// part of an identifier or a template, not a host.
		if inSpan(loc[0], loc[1]) ||
			loc[0] > 0 && isIdentByte(line[loc[0]-1]) ||
			loc[1] < len(line) && isIdentByte(line[loc[1]]) {
			continue
		}
		h := line[loc[0]:loc[1]]
		if hh, ok := bareHost(h); ok {
			c.add(newRef(hh, bare, source, h))
		}
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c == '@' || c == '-' || c == '\\' || c == '%' || c == '{' || c == '}'
}
