package smtpbanner

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReply reads replies from arbitrary bytes: no panic, every line within
// the caps and clean, codes within 200–599.
func FuzzReply(f *testing.F) {
	f.Add([]byte("220 mx ESMTP\r\n"))
	f.Add([]byte(ehlo))
	f.Add([]byte("250-a\r\n251 b\r\n"))
	f.Add([]byte("220-\x1b[2J\r\n220 " + strings.Repeat("y", 3000) + "\n"))
	f.Add([]byte("999 x\r\n\r\n250"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := &reader{br: bufio.NewReaderSize(bytes.NewReader(b), 64), maxLine: 100, maxLines: 5}
		for range 10 {
			code, lines, err := r.reply()
			if err != nil {
				return
			}
			if code < 200 || code > 599 {
				t.Fatalf("code %d", code)
			}
			if len(lines) > 5 {
				t.Fatalf("%d lines, cap 5", len(lines))
			}
			for _, l := range lines {
				if len(l) > 100 || !utf8.ValidString(l) || strings.ContainsFunc(l, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
					t.Fatalf("line %q: over the cap or not clean", l)
				}
			}
		}
	})
}
