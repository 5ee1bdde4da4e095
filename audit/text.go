package audit

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// ExtractText finds the hosts a plain-text document refers to: an e-mail
// message or template (.eml, .txt), or configuration (.env, .yml, .conf,
// .properties, .xml). It reads URLs, e-mail addresses and bare host names
// (under the rules of bareHost) on every line. When the document opens with an
// RFC 5322 header block, the addresses and hosts in the headers (From,
// Reply-To, Return-Path, List-Unsubscribe …) are reported as KindHeader, and a
// quoted-printable body is decoded first so that soft line breaks do not cut a
// URL in two. When source is not an http(s) URL, each Ref's Source is
// "source:line" (the line where a decoded line starts).
func ExtractText(r io.Reader, source string) ([]Ref, error) {
	var c collector
	err := extractText(&c, r, newLocator(source))
	return c.refs, err
}

var headerRE = regexp.MustCompile(`^([A-Za-z0-9-]+):[ \t]*(.*)$`)

// mailHeaders are names that only an e-mail header block carries; a leading
// "key: value" block without one of them is YAML or a properties file.
var mailHeaders = map[string]bool{
	"from": true, "to": true, "subject": true, "reply-to": true, "date": true,
	"message-id": true, "mime-version": true, "received": true, "return-path": true,
	"sender": true, "cc": true, "content-type": true,
}

func extractText(c *collector, r io.Reader, loc locator) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read %s: %w", loc.source, err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	body := 0
	qp := false
	if n, ok := headerBlock(lines); ok {
		body = n
		for i := 0; i < n; {
			// A header field continues on lines that start with white space.
			j := i + 1
			v := lines[i]
			for j < n && (strings.HasPrefix(lines[j], " ") || strings.HasPrefix(lines[j], "\t")) {
				v += " " + strings.TrimSpace(lines[j])
				j++
			}
			m := headerRE.FindStringSubmatch(v)
			if m != nil {
				name := strings.ToLower(m[1])
				if name == "content-transfer-encoding" && strings.EqualFold(strings.TrimSpace(m[2]), "quoted-printable") {
					qp = true
				}
				scanLine(c, m[2], loc.at(i+1), KindHeader, KindHeader)
			}
			i = j
		}
	}
	// A multipart message declares the encoding in a part's headers; any
	// mention of it is a good enough sign that the body needs decoding.
	for _, l := range lines[body:] {
		if strings.EqualFold(strings.TrimSpace(l), "content-transfer-encoding: quoted-printable") {
			qp = true
			break
		}
	}
	for i := body; i < len(lines); i++ {
		start := i
		l := lines[i]
		if qp {
			for strings.HasSuffix(l, "=") && i+1 < len(lines) {
				i++
				l = l[:len(l)-1] + lines[i]
			}
			l = decodeQP(l)
		}
		scanLine(c, l, loc.at(start+1), KindTextURL, KindTextHost)
	}
	return nil
}

// headerBlock reports how many lines the leading header block takes, blank
// separator included, when the text starts like an e-mail message.
func headerBlock(lines []string) (int, bool) {
	mail := false
	for i, l := range lines {
		if l == "" {
			return i + 1, mail && i > 0
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if i == 0 {
				return 0, false
			}
			continue
		}
		m := headerRE.FindStringSubmatch(l)
		if m == nil {
			return 0, false
		}
		if mailHeaders[strings.ToLower(m[1])] {
			mail = true
		}
	}
	return len(lines), mail
}

// decodeQP decodes =XX escapes (RFC 2045 §6.7) and leaves anything malformed as
// it was: a template is often only half encoded.
func decodeQP(s string) string {
	if !strings.Contains(s, "=") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
