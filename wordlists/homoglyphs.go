package wordlists

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// ASCIIHomoglyphs maps a letter, digit or sequence to the ASCII strings that
// pass for it: "m" → "rn", "nn"; "rn" → "m"; "o" → "0"; "w" → "vv"; "d" → "cl".
// Keys and values both hold one or more characters. The map is the caller's.
func ASCIIHomoglyphs() map[string][]string {
	m := asciiHomoglyphs()
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}

// UnicodeHomoglyphs maps a character to the non-ASCII letters that pass for
// it: 'a' → 'à', 'á', 'ɑ' …, and each of those back to 'a' and to the others,
// so that an IDN brand gets lookalikes too. It does not know registries: keep
// only what the TLD's IDN repertoire holds. The map is the caller's.
func UnicodeHomoglyphs() map[rune][]rune {
	m := unicodeHomoglyphs()
	out := make(map[rune][]rune, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}

// SequenceHomoglyphs maps a sequence of letters to the single non-ASCII
// letters that pass for it: "ae" → 'æ', "ss" → 'ß'. The map is the caller's.
func SequenceHomoglyphs() map[string][]rune {
	m := sequenceHomoglyphs()
	out := make(map[string][]rune, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}

// LatinToCyrillic maps a Latin letter to the Cyrillic letter that looks the
// same. Letters without a lookalike are absent. The map is the caller's.
func LatinToCyrillic() map[rune]rune { return maps.Clone(latinToCyrillic()) }

var asciiHomoglyphs = sync.OnceValue(func() map[string][]string {
	m, err := parseASCIIHomoglyphs(mustData("homoglyphs/ascii.txt"))
	if err != nil {
		panic(err)
	}
	return m
})

var unicodeHomoglyphs = sync.OnceValue(func() map[rune][]rune {
	m, err := parseUnicodeHomoglyphs(mustData("homoglyphs/unicode.txt"))
	if err != nil {
		panic(err)
	}
	return m
})

var sequenceHomoglyphs = sync.OnceValue(func() map[string][]rune {
	m, err := parseSequenceHomoglyphs(mustData("homoglyphs/sequences.txt"))
	if err != nil {
		panic(err)
	}
	return m
})

var latinToCyrillic = sync.OnceValue(func() map[rune]rune {
	m, err := parseCyrillic(mustData("homoglyphs/cyrillic.txt"))
	if err != nil {
		panic(err)
	}
	return m
})

// labelRune reports whether r may stand in a domain label as written: ASCII
// letter, digit or hyphen, or a lower-case letter of another script. IDNA2008
// validity of a whole label is package permute's check; this one catches typos
// in the data (upper case, punctuation, spaces).
func labelRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'
	}
	return unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r)
}

func labelString(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !labelRune(r) {
			return false
		}
	}
	return true
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func parseASCIIHomoglyphs(lines [][]string) (map[string][]string, error) {
	m := make(map[string][]string, len(lines))
	for _, l := range lines {
		if len(l) < 2 {
			return nil, fmt.Errorf("wordlists: homoglyphs/ascii.txt: line %q: want a key and its lookalikes", strings.Join(l, " "))
		}
		k := l[0]
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("wordlists: homoglyphs/ascii.txt: key %q listed twice", k)
		}
		for _, s := range l {
			if !isASCIIString(s) || !labelString(s) || strings.Contains(s, "-") {
				return nil, fmt.Errorf("wordlists: homoglyphs/ascii.txt: %q is not lower-case ASCII letters and digits", s)
			}
		}
		vs := l[1:]
		if slices.Contains(vs, k) || len(slices.Compact(slices.Sorted(slices.Values(vs)))) != len(vs) {
			return nil, fmt.Errorf("wordlists: homoglyphs/ascii.txt: key %q lists itself or a lookalike twice", k)
		}
		m[k] = slices.Clone(vs)
	}
	return m, nil
}

// parseUnicodeHomoglyphs reads groups "base variant…" and returns the map in
// both directions. A base may have several lines (dnstwist's list, then
// additions); a variant may belong to one base only.
func parseUnicodeHomoglyphs(lines [][]string) (map[rune][]rune, error) {
	const file = "homoglyphs/unicode.txt"
	var bases []rune
	groups := map[rune][]rune{}
	owner := map[rune]rune{}
	for _, l := range lines {
		if len(l) < 2 || utf8.RuneCountInString(l[0]) != 1 {
			return nil, fmt.Errorf("wordlists: %s: line %q: want one base character and its lookalikes", file, strings.Join(l, " "))
		}
		b, _ := utf8.DecodeRuneInString(l[0])
		if b >= utf8.RuneSelf || !labelRune(b) || b == '-' {
			return nil, fmt.Errorf("wordlists: %s: base %q is not an ASCII letter or digit", file, b)
		}
		if _, ok := groups[b]; !ok {
			bases = append(bases, b)
		}
		for _, v := range l[1:] {
			r, n := utf8.DecodeRuneInString(v)
			if n != len(v) || r < utf8.RuneSelf || !labelRune(r) {
				return nil, fmt.Errorf("wordlists: %s: %q (for %q) is not one lower-case non-ASCII letter", file, v, b)
			}
			if o, dup := owner[r]; dup {
				return nil, fmt.Errorf("wordlists: %s: %q listed twice (for %q and %q)", file, r, o, b)
			}
			owner[r] = b
			groups[b] = append(groups[b], r)
		}
	}
	m := make(map[rune][]rune, len(owner)+len(bases))
	for _, b := range bases {
		g := groups[b]
		m[b] = slices.Clone(g)
		for _, v := range g {
			others := make([]rune, 0, len(g))
			others = append(others, b)
			for _, w := range g {
				if w != v {
					others = append(others, w)
				}
			}
			m[v] = others
		}
	}
	return m, nil
}

func parseSequenceHomoglyphs(lines [][]string) (map[string][]rune, error) {
	const file = "homoglyphs/sequences.txt"
	m := make(map[string][]rune, len(lines))
	for _, l := range lines {
		if len(l) < 2 || utf8.RuneCountInString(l[0]) < 2 || !labelString(l[0]) {
			return nil, fmt.Errorf("wordlists: %s: line %q: want a sequence of two or more letters and its lookalikes", file, strings.Join(l, " "))
		}
		if _, dup := m[l[0]]; dup {
			return nil, fmt.Errorf("wordlists: %s: sequence %q listed twice", file, l[0])
		}
		for _, v := range l[1:] {
			r, n := utf8.DecodeRuneInString(v)
			if n != len(v) || r < utf8.RuneSelf || !labelRune(r) || slices.Contains(m[l[0]], r) {
				return nil, fmt.Errorf("wordlists: %s: %q (for %q) is not one new lower-case non-ASCII letter", file, v, l[0])
			}
			m[l[0]] = append(m[l[0]], r)
		}
	}
	return m, nil
}

func parseCyrillic(lines [][]string) (map[rune]rune, error) {
	const file = "homoglyphs/cyrillic.txt"
	m := make(map[rune]rune, len(lines))
	for _, l := range lines {
		if len(l) != 2 || len(l[0]) != 1 || l[0][0] < 'a' || l[0][0] > 'z' {
			return nil, fmt.Errorf("wordlists: %s: line %q: want a Latin letter and one Cyrillic letter", file, strings.Join(l, " "))
		}
		c, n := utf8.DecodeRuneInString(l[1])
		if n != len(l[1]) || !unicode.Is(unicode.Cyrillic, c) || !labelRune(c) {
			return nil, fmt.Errorf("wordlists: %s: %q is not one lower-case Cyrillic letter", file, l[1])
		}
		k := rune(l[0][0])
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("wordlists: %s: letter %q listed twice", file, k)
		}
		m[k] = c
	}
	return m, nil
}
