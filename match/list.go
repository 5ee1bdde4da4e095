package match

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/lookalike/lookalike/names"
)

// maxLine is the longest line a list may hold; a longer one is junk (a
// domain name is at most 253 bytes, a CSV row of a feed a few hundred).
const maxLine = 64 << 10

// List reads one domain a line from r ("-" in the CLI is stdin): "#"
// starts a comment, blank lines are skipped, a trailing dot and surrounding
// space are dropped, a URL or a "host:port" is cut to its host. A first
// line that is a CSV header with a "domain" column makes it a CSV file, read
// from that column. gzip is detected by its magic bytes. name is what errors
// and results call it (a path).
func List(name string, r io.Reader) Source { return &list{name: name, r: r} }

type list struct {
	name string
	r    io.Reader
}

func (l *list) Name() string { return "list:" + l.name }
func (l *list) Kind() string { return "list" }

func (l *list) Read(ctx context.Context, emit func(Observed) error, junk func(Junk)) error {
	r, err := maybeGzip(l.r)
	if err != nil {
		return fmt.Errorf("read list %s: %w", l.name, err)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	col := -1 // the CSV domain column, once a header is seen
	first := true
	for line := int64(1); ; line++ {
		text, tooLong, err := readLine(br)
		if err == io.EOF && text == "" {
			return nil
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("read list %s: line %d: %w", l.name, line, err)
		}
		if line&0xfff == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if tooLong {
			junk(Junk{l.Name(), line, text, fmt.Sprintf("line longer than %d bytes", maxLine)})
			continue
		}
		t := strings.TrimSpace(strings.TrimPrefix(text, "\ufeff"))
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if first {
			first = false
			if c, ok := csvHeader(t); ok {
				col = c
				continue
			}
		}
		if col >= 0 {
			rec, err := csv.NewReader(strings.NewReader(t)).Read()
			if err != nil || col >= len(rec) {
				junk(Junk{l.Name(), line, t, "not a CSV row with a domain column"})
				continue
			}
			t = strings.TrimSpace(rec[col])
		}
		ob, why := parseObserved(t)
		if why != "" {
			junk(Junk{l.Name(), line, t, why})
			continue
		}
		ob.Pos = line
		if err := emit(ob); err != nil {
			return err
		}
		if err == io.EOF {
			return nil
		}
	}
}

// readLine returns the next line without its end; a line over maxLine is
// consumed whole and reported tooLong, with its first 100 bytes.
func readLine(br *bufio.Reader) (string, bool, error) {
	var buf []byte
	long := false
	for {
		part, isPrefix, err := br.ReadLine()
		if !long {
			buf = append(buf, part...)
			if len(buf) > maxLine {
				long, buf = true, buf[:100]
			}
		}
		if err != nil || !isPrefix {
			return string(buf), long, err
		}
	}
}

// csvHeader recognises a header row with a "domain" column.
func csvHeader(t string) (int, bool) {
	if !strings.Contains(t, ",") {
		return 0, false
	}
	rec, err := csv.NewReader(strings.NewReader(t)).Read()
	if err != nil {
		return 0, false
	}
	for i, f := range rec {
		if strings.EqualFold(strings.TrimSpace(f), "domain") {
			return i, true
		}
	}
	return 0, false
}

// parseObserved reads one name as an analyst's list writes it, or says why not.
func parseObserved(t string) (Observed, string) {
	if !utf8.ValidString(t) {
		return Observed{}, "not UTF-8 text"
	}
	if f := strings.Fields(t); len(f) > 1 {
		return Observed{}, "more than one field; give one domain a line (or a CSV with a domain column)"
	}
	if i := strings.Index(t, "://"); i >= 0 {
		t = t[i+3:]
		if j := strings.IndexAny(t, "/?#"); j >= 0 {
			t = t[:j]
		}
	}
	if h, _, ok := strings.Cut(t, ":"); ok {
		t = h
	}
	t = strings.TrimPrefix(t, "*.")
	a, ok := names.ToASCII(t)
	if !ok || strings.Contains(a, "_") {
		return Observed{}, "not a domain name"
	}
	if _, _, ok := names.Registrable(a); !ok {
		return Observed{}, "no registrable domain (a public suffix, or an unknown TLD)"
	}
	return Observed{Domain: a}, ""
}

// maybeGzip unwraps r when it starts with gzip's magic bytes (RFC 1952).
func maybeGzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return nil, err
	}
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, nil
	}
	return br, nil
}

func unicodeOf(reg string) string { return names.ToUnicode(reg) }
