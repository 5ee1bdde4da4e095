package audit

import (
	"net/url"
	"strings"
)

// ExtractScript finds the hosts a piece of JavaScript refers to: URLs anywhere
// in it (strings, comments, template literals), e-mail addresses, and quoted
// strings that are host names on their own ("api.brand-support.com",
// "cdn.brand.fr/v2/app.js", '//static.brand.fr/x'). Member access such as
// window.location or a.b is never read as a host: a bare name must be a whole
// quoted string, lower-case, under a country code or legacy generic TLD (see
// bareHost). When source is not an http(s) URL, each Ref's Source is
// "source:line".
func ExtractScript(text, source string) []Ref {
	var c collector
	extractScript(&c, text, newLocator(source), KindJSURL, KindJSHost)
	return c.refs
}

// extractJSON reads JSON (a file, a fetched document, JSON-LD) the same way as a
// script: its strings are the only places a host can be.
func extractJSON(c *collector, text string, loc locator) {
	extractScript(c, text, loc, KindJSONURL, KindJSONHost)
}

func extractScript(c *collector, text string, loc locator, urlKind, hostKind string) {
	// JSON encoders and minifiers write "https:\/\/host\/path".
	text = strings.ReplaceAll(text, `\/`, "/")
	line := 1
	for l := range strings.SplitSeq(text, "\n") {
		scanLine(c, strings.TrimSuffix(l, "\r"), loc.at(line), urlKind, "")
		line++
	}
	for s := range stringLiterals(text) {
		lit := strings.TrimSpace(s.text)
		if lit == "" || strings.ContainsAny(lit, " \t\r\n") {
			continue
		}
		src := loc.at(s.line)
		if strings.HasPrefix(lit, "//") {
			if u, err := url.Parse("https:" + lit); err == nil {
				c.add(urlRef(u, urlKind, src))
			}
			continue
		}
		c.add(bareHostRef(lit, hostKind, src))
	}
}

type literal struct {
	text string
	line int // where the literal opens, 1-based
}

// stringLiterals yields the contents of the quoted strings in JavaScript or
// JSON: '…', "…" and `…`, skipping // and /* */ comments. It does not know
// regular-expression literals; a quote inside one opens a string that the end
// of the line closes again, so the damage stays on that line.
func stringLiterals(text string) func(yield func(literal) bool) {
	return func(yield func(literal) bool) {
		line := 1
		for i := 0; i < len(text); i++ {
			ch := text[i]
			switch {
			case ch == '\n':
				line++
			case ch == '/' && i+1 < len(text) && text[i+1] == '/':
				for i < len(text) && text[i] != '\n' {
					i++
				}
				if i < len(text) {
					line++
				}
			case ch == '/' && i+1 < len(text) && text[i+1] == '*':
				end := strings.Index(text[i+2:], "*/")
				if end < 0 {
					return
				}
				line += strings.Count(text[i:i+2+end], "\n")
				i += 2 + end + 1
			case ch == '"' || ch == '\'' || ch == '`':
				start, startLine := i+1, line
				var b strings.Builder
				j := start
				closed := false
				for ; j < len(text); j++ {
					cj := text[j]
					if cj == '\\' && j+1 < len(text) {
						if text[j+1] == '\n' {
							line++
						}
						b.WriteByte(text[j+1])
						j++
						continue
					}
					if cj == ch {
						closed = true
						break
					}
					if cj == '\n' {
						if ch != '`' {
							break // an unterminated ' or " string ends with its line
						}
						line++
					}
					b.WriteByte(cj)
				}
				if closed && !yield(literal{text: b.String(), line: startLine}) {
					return
				}
				if !closed && j < len(text) && text[j] == '\n' {
					line++
				}
				i = j
			}
		}
	}
}
