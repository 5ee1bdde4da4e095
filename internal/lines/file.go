package lines

import (
	"io"
	"os"
	"strings"
)

// ReadFile reads every entry of the list file at path. A file that does
// not exist is an error wrapping os.ErrNotExist; a line over MaxLine is an
// error after the other entries were read (see Each).
func ReadFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	err = Each(f, func(_ int, e string) bool { out = append(out, e); return true })
	return out, err
}

// Split cuts a comma-separated list into its trimmed, non-empty items:
// the inline form of a list ("com, net,,de" is com, net, de).
func Split(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Open opens the input a command line names: "-" is stdin (closed by
// nobody), anything else a file, closed by done. The error is os.Open's.
func Open(path string, stdin io.Reader) (r io.Reader, done func(), err error) {
	if path == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, func() {}, err
	}
	return f, func() { f.Close() }, nil
}
