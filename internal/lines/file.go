package lines

import (
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
