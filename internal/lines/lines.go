package lines

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxLine is the longest line read, in bytes without its newline. No entry
// of a list (a domain is at most 253 octets, a pasted URL a few KB) comes
// near it; a longer line is a mistake in that line (a file without
// newlines, a binary pasted in), reported with its number, never the end of
// the whole file.
const MaxLine = 64 << 10

// ErrTooLong is wrapped by the error of a line longer than MaxLine.
var ErrTooLong = errors.New("line too long")

// LineError is what is wrong with one line.
type LineError struct {
	Line int // from 1
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Scan calls fn with the line number (from 1) and the trimmed text of every
// line that holds an entry, until fn returns false. A line longer than
// MaxLine is not read into memory: fn gets its number, an empty entry and a
// *LineError wrapping ErrTooLong, and reading goes on with the next line.
// The returned error is the reader's only.
func Scan(r io.Reader, fn func(n int, entry string, err error) bool) error {
	br := bufio.NewReaderSize(r, 4<<10)
	var line []byte
	for n := 1; ; n++ {
		line = line[:0]
		long := false
		var err error
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			if !long {
				if len(line)+len(chunk) > MaxLine+2 { // room for "\r\n"
					long, line = true, line[:0]
				} else {
					line = append(line, chunk...)
				}
			}
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil && err != io.EOF {
			return err
		}
		eof := err == io.EOF
		text := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
		switch {
		case long || len(text) > MaxLine:
			if !fn(n, "", &LineError{n, fmt.Errorf("%w: over %d KiB; give one entry a line", ErrTooLong, MaxLine>>10)}) {
				return nil
			}
		default:
			if i := strings.IndexByte(text, '#'); i >= 0 {
				text = text[:i]
			}
			if text = strings.TrimSpace(text); text != "" && !fn(n, text, nil) {
				return nil
			}
		}
		if eof {
			return nil
		}
	}
}

// Each calls fn with the line number (from 1) and the trimmed text of every
// line that holds an entry, until fn returns false. Lines longer than
// MaxLine are skipped, and the error returned after the last line names
// them (wrapping ErrTooLong); every other line has been read by then. Use
// Scan to handle them as line errors one by one.
func Each(r io.Reader, fn func(n int, entry string) bool) error {
	var long []string
	more := 0
	err := Scan(r, func(n int, entry string, err error) bool {
		if err != nil {
			if len(long) < 10 {
				long = append(long, fmt.Sprint(n))
			} else {
				more++
			}
			return true
		}
		return fn(n, entry)
	})
	if err != nil {
		return err
	}
	if len(long) > 0 {
		which := strings.Join(long, ", ")
		if more > 0 {
			which += fmt.Sprintf(" and %d more", more)
		}
		return fmt.Errorf("%w: line %s over %d KiB skipped; give one entry a line", ErrTooLong, which, MaxLine>>10)
	}
	return nil
}
