package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"
)

// Format is an output format.
type Format string

// The formats every command offers.
const (
	FormatTable Format = "table"
	FormatCSV   Format = "csv"
	FormatJSON  Format = "json"
	FormatJSONL Format = "jsonl"
	FormatList  Format = "list"
)

// BaseFormats are the formats every listing command offers: one record a
// row or line, whatever the records are.
var BaseFormats = []Format{FormatTable, FormatCSV, FormatJSON, FormatJSONL, FormatList}

// Formats lists every format in the order help text shows them: the base
// formats, then the hand-on formats (HandOnFormats), which read scan
// findings.
var Formats = slices.Concat(BaseFormats, HandOnFormats)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Formats, f) {
		return f, nil
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// Writer streams records in one format. Write may be called many times; Close
// finishes the document (closing bracket, flush).
type Writer interface {
	Write(Record) error
	Close() error
}

// TableOptions say what a table shows of each record: Columns, a subset of
// the keys, so that a terminal line stays readable (nil shows every key).
type TableOptions struct {
	Columns []string
}

// OutputOptions are what the writers of every format read: a table its
// columns, the defender formats Export, the HTML report HTML. Each writer
// reads only its own part, so the base formats write the same bytes whatever
// Export and HTML hold.
type OutputOptions struct {
	Table  TableOptions
	Export ExportOptions
	HTML   HTMLOptions
}

// NewFormatWriter returns the writer of any format: a hand-on writer
// (NewHandOnWriter) for the hand-on formats, NewWriter's otherwise. It is
// the one place a writer is chosen for a format.
func NewFormatWriter(w io.Writer, f Format, o OutputOptions) Writer {
	if hw, ok := NewHandOnWriter(w, f, o.Export, o.HTML); ok {
		return hw
	}
	return NewWriter(w, f, o.Table)
}

// NewWriter returns a writer of a base format f on w. A list writes each
// record's domain; a table writes table's columns (and so does any format
// that is not a base one: use NewFormatWriter for those).
func NewWriter(w io.Writer, f Format, table TableOptions) Writer {
	bw := bufio.NewWriterSize(w, 64<<10)
	switch f {
	case FormatCSV:
		return &csvWriter{bw: bw, w: csv.NewWriter(bw)}
	case FormatJSON:
		return &jsonWriter{bw: bw, array: true}
	case FormatJSONL:
		return &jsonWriter{bw: bw}
	case FormatList:
		return &listWriter{bw: bw}
	default:
		return &tableWriter{bw: bw, cols: table.Columns}
	}
}

type csvWriter struct {
	bw     *bufio.Writer
	w      *csv.Writer
	header bool
	row    []string
}

func (c *csvWriter) Write(r Record) error {
	if !c.header {
		c.header = true
		h := make([]string, len(r))
		for i, f := range r {
			h[i] = f.Key
		}
		if err := c.w.Write(h); err != nil {
			return err
		}
	}
	c.row = c.row[:0]
	for _, f := range r {
		c.row = append(c.row, Defuse(Clean(Text(f.Value))))
	}
	return c.w.Write(c.row)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

type jsonWriter struct {
	bw    *bufio.Writer
	array bool
	n     int
	buf   []byte
}

func (j *jsonWriter) Write(r Record) error {
	if j.array {
		if j.n == 0 {
			j.bw.WriteString("[\n")
		} else {
			j.bw.WriteString(",\n")
		}
	}
	j.n++
	b, err := appendJSON(j.buf[:0], r)
	if err != nil {
		return err
	}
	j.buf = b
	j.bw.Write(b)
	if !j.array {
		j.bw.WriteByte('\n')
	}
	return nil
}

func (j *jsonWriter) Close() error {
	if j.array {
		if j.n == 0 {
			j.bw.WriteString("[]\n")
		} else {
			j.bw.WriteString("\n]\n")
		}
	}
	return j.bw.Flush()
}

// appendJSON writes the record as an object with keys in record order. A nil
// list is written as [] so that consumers never meet null where a list goes.
// Strings, lists, numbers and booleans are encoded here without reflection
// (JSONL of a scan was a fifth of its CPU through json.Marshal); anything else
// falls back to encoding/json.
func appendJSON(b []byte, r Record) ([]byte, error) {
	b = append(b, '{')
	for i, f := range r {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.Key)
		b = append(b, ':')
		switch x := f.Value.(type) {
		case string:
			b = appendJSONString(b, Clean(x))
		case []string:
			b = append(b, '[')
			for j, s := range x {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, Clean(s))
			}
			b = append(b, ']')
		case int:
			b = strconv.AppendInt(b, int64(x), 10)
		case bool:
			b = strconv.AppendBool(b, x)
		default:
			enc, err := json.Marshal(x)
			if err != nil {
				return b, fmt.Errorf("field %s: %w", f.Key, err)
			}
			b = append(b, enc...)
		}
	}
	return append(b, '}'), nil
}

// appendJSONString quotes s as a JSON string (RFC 8259 §7): quote, backslash
// and control characters escaped, invalid UTF-8 replaced by U+FFFD, and
// U+2028/U+2029 escaped so that the line is also valid JavaScript.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\\ufffd"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

type listWriter struct{ bw *bufio.Writer }

func (l *listWriter) Write(r Record) error {
	l.bw.WriteString(Clean(Text(r.Get("domain"))))
	return l.bw.WriteByte('\n')
}

func (l *listWriter) Close() error { return l.bw.Flush() }

// tableWriter aligns columns in blocks, so that a long stream is not held in
// memory to measure it.
type tableWriter struct {
	bw     *bufio.Writer
	tw     *tabwriter.Writer
	cols   []string
	n      int
	header []string
}

const tableBlock = 256

func (t *tableWriter) Write(r Record) error {
	if t.tw == nil {
		t.tw = tabwriter.NewWriter(t.bw, 2, 8, 2, ' ', 0)
		if t.cols == nil {
			for _, f := range r {
				t.cols = append(t.cols, f.Key)
			}
		}
		t.header = make([]string, len(t.cols))
		for i, c := range t.cols {
			t.header[i] = strings.ToUpper(c)
		}
		fmt.Fprintln(t.tw, strings.Join(t.header, "\t"))
	}
	cells := make([]string, len(t.cols))
	for i, c := range t.cols {
		cells[i] = Clean(Text(r.Get(c)))
		if cells[i] == "" {
			cells[i] = "-"
		}
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
	t.n++
	if t.n%tableBlock == 0 {
		return t.tw.Flush()
	}
	return nil
}

func (t *tableWriter) Close() error {
	if t.tw != nil {
		if err := t.tw.Flush(); err != nil {
			return err
		}
	}
	return t.bw.Flush()
}

// AtomicFile is an output file that appears under its name only when
// committed: readers never see half a file, and a failed run leaves the old one.
// A path that names no regular file (-o /dev/null, a named pipe, a
// terminal) is written in place: renaming over it would replace the device.
type AtomicFile struct {
	*os.File
	path   string
	done   bool
	direct bool
}

// CreateAtomic opens a temporary file beside path, or path itself when it
// is a device or a pipe.
func CreateAtomic(path string) (*AtomicFile, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		if st.IsDir() {
			return nil, fmt.Errorf("create output %s: is a directory", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("create output %s: %w", path, err)
		}
		return &AtomicFile{File: f, path: path, direct: true}, nil
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, outputsError(fmt.Sprintf("create output %s: no directory %s (create it first)", path, dir))
	}
	removeStaleTemps(dir, filepath.Base(path), time.Now())
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create output %s: %w", path, err)
	}
	return &AtomicFile{File: f, path: path}, nil
}

// staleTemp is how old a temporary file of an output must be before a new
// run takes it for the leftover of a killed one (SIGKILL leaves it behind;
// nothing else does) and removes it.
const staleTemp = time.Hour

// removeStaleTemps deletes the temporary files that earlier runs writing
// base in dir left behind when they were killed.
func removeStaleTemps(dir, base string, now time.Time) {
	matches, _ := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+".*.tmp"))
	for _, m := range matches {
		if st, err := os.Lstat(m); err == nil && st.Mode().IsRegular() && now.Sub(st.ModTime()) > staleTemp {
			os.Remove(m)
		}
	}
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Commit syncs the file and renames it into place.
func (a *AtomicFile) Commit() error {
	if a.done {
		return nil
	}
	a.done = true
	if a.direct {
		if err := a.File.Close(); err != nil {
			return fmt.Errorf("write %s: %w", a.path, err)
		}
		return nil
	}
	if err := a.File.Sync(); err != nil {
		a.File.Close()
		os.Remove(a.File.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := a.File.Close(); err != nil {
		os.Remove(a.File.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Chmod(a.File.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(a.File.Name(), a.path); err != nil {
		os.Remove(a.File.Name())
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// Abort removes the temporary file; the old file at path, if any, stays.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.File.Close()
	if !a.direct {
		os.Remove(a.File.Name())
	}
}
