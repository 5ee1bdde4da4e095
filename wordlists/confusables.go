package wordlists

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Confusables maps a character that can stand in a domain label to the ASCII
// prototype Unicode's UTS #39 gives it, lower-cased: 'а' (Cyrillic) → "a",
// 'ı' → "i", '0' → "o", '1' → "l", 'm' → "rn". Characters that are their own
// prototype are absent. It is the table of a confusables skeleton; the
// skeleton itself is package report's. The map is the caller's.
func Confusables() map[rune]string { return maps.Clone(confusables()) }

var confusables = sync.OnceValue(func() map[rune]string {
	m, err := parseConfusables(mustData("confusables/confusables.txt"))
	if err != nil {
		panic(err)
	}
	return m
})

// confusableScripts are the scripts whose letters may stand for ASCII in the
// table: the ones registries sell beside Latin, and whose lookalikes of a-z
// matter for a brand written in a-z.
var confusableScripts = []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic}

// parseConfusables reads lines as confusables.txt writes them,
// "source ; prototype... ; MA", and checks that each source is one character
// that can stand in a lower-case label and each prototype is ASCII letters and
// digits.
func parseConfusables(lines [][]string) (map[rune]string, error) {
	const file = "confusables/confusables.txt"
	m := make(map[rune]string, len(lines))
	for _, f := range lines {
		line := strings.Join(f, " ")
		if len(f) < 5 || f[1] != ";" || f[len(f)-2] != ";" || f[len(f)-1] != "MA" {
			return nil, fmt.Errorf("wordlists: %s: line %q: want \"SOURCE ; PROTOTYPE... ; MA\" in hex code points", file, line)
		}
		src, err := hexRune(f[0])
		if err != nil {
			return nil, fmt.Errorf("wordlists: %s: line %q: %v", file, line, err)
		}
		if !confusableSource(src) {
			return nil, fmt.Errorf("wordlists: %s: source %U (%q) is not a lower-case ASCII, Latin, Greek or Cyrillic letter or digit", file, src, src)
		}
		var proto strings.Builder
		for _, h := range f[2 : len(f)-2] {
			r, err := hexRune(h)
			if err != nil {
				return nil, fmt.Errorf("wordlists: %s: line %q: %v", file, line, err)
			}
			r = unicode.ToLower(r)
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
				return nil, fmt.Errorf("wordlists: %s: %U: prototype holds %U, not an ASCII letter or digit", file, src, r)
			}
			proto.WriteRune(r)
		}
		if proto.String() == string(src) {
			return nil, fmt.Errorf("wordlists: %s: %U is its own prototype", file, src)
		}
		if _, dup := m[src]; dup {
			return nil, fmt.Errorf("wordlists: %s: source %U listed twice", file, src)
		}
		m[src] = proto.String()
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("wordlists: %s holds no confusables", file)
	}
	return m, nil
}

func hexRune(s string) (rune, error) {
	n, err := strconv.ParseUint(s, 16, 32)
	if err != nil || len(s) < 4 || !utf8.ValidRune(rune(n)) {
		return 0, fmt.Errorf("%q is not a code point in hex (such as 0430)", s)
	}
	return rune(n), nil
}

func confusableSource(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
	}
	return labelRune(r) && unicode.In(r, confusableScripts...)
}
