package lines

import (
	"bufio"
	"io"
	"strings"
)

// Each calls fn with the line number (from 1) and the trimmed text of every
// line that holds an entry, until fn returns false. Lines may be long (a
// megabyte), as a generated candidate list's are not, but a pasted URL may be.
func Each(r io.Reader, fn func(n int, entry string) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		if !fn(n, line) {
			return nil
		}
	}
	return sc.Err()
}
