package wordlists

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// idnTable is one registry character table: the non-ASCII code points a label
// may draw from, and whether they may sit beside ASCII letters.
type idnTable struct {
	name string
	// mixASCII: the table may mix with ASCII letters (Latin tables, and the
	// Japanese and Chinese tables whose registries allow it). Otherwise only
	// digits and hyphen may join it: the registries of Cyrillic and Greek
	// labels refuse mixed-script labels.
	mixASCII bool
	runes    map[rune]bool
}

type idnSet struct {
	tables map[string]*idnTable
	byTLD  map[string][]*idnTable // present with no tables: ASCII-only registry
}

var idnData = sync.OnceValue(func() idnSet {
	s, err := loadIDN()
	if err != nil {
		panic(err)
	}
	return s
})

func loadIDN() (idnSet, error) {
	s := idnSet{tables: map[string]*idnTable{}, byTLD: map[string][]*idnTable{}}
	entries, err := dataFS.ReadDir("data/idn/tables")
	if err != nil {
		return s, fmt.Errorf("wordlists: list IDN tables: %w", err)
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".txt")
		if e.IsDir() || !ok {
			continue
		}
		lines, err := readData(path.Join("idn/tables", e.Name()))
		if err != nil {
			return s, err
		}
		t, err := parseIDNTable(name, lines)
		if err != nil {
			return s, err
		}
		s.tables[name] = t
	}
	const tldFile = "idn/tlds.txt"
	lines, err := readData(tldFile)
	if err != nil {
		return s, err
	}
	for _, f := range lines {
		tld := f[0]
		if !isLowerLDH(tld) {
			return s, fmt.Errorf("wordlists: %s: %q is not a lower-case A-label TLD", tldFile, tld)
		}
		if _, dup := s.byTLD[tld]; dup {
			return s, fmt.Errorf("wordlists: %s: %q listed twice", tldFile, tld)
		}
		ts := []*idnTable{}
		for _, name := range f[1:] {
			t := s.tables[name]
			if t == nil {
				return s, fmt.Errorf("wordlists: %s: %s uses table %q, which has no file idn/tables/%s.txt", tldFile, tld, name, name)
			}
			if slices.Contains(ts, t) {
				return s, fmt.Errorf("wordlists: %s: %s lists table %q twice", tldFile, tld, name)
			}
			ts = append(ts, t)
		}
		s.byTLD[tld] = ts
	}
	return s, nil
}

// parseIDNTable reads a table file: a first line "mix ascii" or "mix digits",
// then code points written as literal characters ("àáâ"), U+XXXX, or ranges
// U+XXXX..U+YYYY.
func parseIDNTable(name string, lines [][]string) (*idnTable, error) {
	where := "idn/tables/" + name + ".txt"
	if len(lines) == 0 || len(lines[0]) != 2 || lines[0][0] != "mix" || (lines[0][1] != "ascii" && lines[0][1] != "digits") {
		return nil, fmt.Errorf("wordlists: %s: first line must be \"mix ascii\" or \"mix digits\"", where)
	}
	t := &idnTable{name: name, mixASCII: lines[0][1] == "ascii", runes: map[rune]bool{}}
	add := func(r rune) error {
		if r < utf8.RuneSelf || r == utf8.RuneError || !utf8.ValidRune(r) {
			return fmt.Errorf("wordlists: %s: %U is not a non-ASCII code point", where, r)
		}
		if t.runes[r] {
			return fmt.Errorf("wordlists: %s: %U (%c) listed twice", where, r, r)
		}
		t.runes[r] = true
		return nil
	}
	for _, f := range lines[1:] {
		for _, tok := range f {
			if strings.HasPrefix(tok, "U+") {
				lo, hi, err := parseCodeRange(tok)
				if err != nil {
					return nil, fmt.Errorf("wordlists: %s: %w", where, err)
				}
				for r := lo; r <= hi; r++ {
					if err := add(r); err != nil {
						return nil, err
					}
				}
				continue
			}
			if !utf8.ValidString(tok) {
				return nil, fmt.Errorf("wordlists: %s: %q is not valid UTF-8", where, tok)
			}
			for _, r := range tok {
				if err := add(r); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(t.runes) == 0 {
		return nil, fmt.Errorf("wordlists: %s: table has no code points", where)
	}
	return t, nil
}

// parseCodeRange parses "U+00E0" or "U+3041..U+3096".
func parseCodeRange(tok string) (lo, hi rune, err error) {
	a, b, isRange := strings.Cut(tok, "..")
	if !isRange {
		b = a
	}
	parse := func(s string) (rune, error) {
		hex, ok := strings.CutPrefix(s, "U+")
		if !ok || len(hex) < 4 || len(hex) > 6 {
			return 0, fmt.Errorf("%q is not a code point such as U+00E0", s)
		}
		n, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			return 0, fmt.Errorf("%q is not a code point such as U+00E0", s)
		}
		return rune(n), nil
	}
	if lo, err = parse(a); err != nil {
		return 0, 0, err
	}
	if hi, err = parse(b); err != nil {
		return 0, 0, err
	}
	if hi < lo || hi-lo > 0x10000 {
		return 0, 0, fmt.Errorf("%q is not a range from a lower to a higher code point", tok)
	}
	return lo, hi, nil
}

// IDNAllowed reports whether the registry of tld (an A-label such as "de" or
// "xn--p1ai") accepts the Unicode label, which must be lower-case and NFC as
// registries require. Labels of ASCII alone are always allowed: this answers
// the Unicode question only. A Unicode label passes when all its non-ASCII code
// points belong to one of the TLD's tables and its ASCII characters are lower-
// case letters, digits or hyphens; a table of a non-Latin script (Cyrillic,
// Greek) admits only digits and hyphens beside it, as no registry sells mixed-
// script labels. A TLD without data is treated as ASCII-only: better to miss a
// Unicode lookalike than to report names no registry sells.
func IDNAllowed(tld string, label string) bool {
	ascii := true
	for i := 0; i < len(label); i++ {
		if label[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return true
	}
	for _, t := range idnData().byTLD[normalizeDomain(tld)] {
		if t.accepts(label) {
			return true
		}
	}
	return false
}

func (t *idnTable) accepts(label string) bool {
	for _, r := range label {
		switch {
		case r >= utf8.RuneSelf:
			if !t.runes[r] {
				return false
			}
		case r >= '0' && r <= '9', r == '-':
		case r >= 'a' && r <= 'z':
			if !t.mixASCII {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// IDNRepertoire returns every non-ASCII code point that the registry of tld (an
// A-label) accepts in any of its tables, sorted; nil for ASCII-only registries
// and TLDs without data.
func IDNRepertoire(tld string) []rune {
	ts := idnData().byTLD[normalizeDomain(tld)]
	if len(ts) == 0 {
		return nil
	}
	set := map[rune]bool{}
	for _, t := range ts {
		for r := range t.runes {
			set[r] = true
		}
	}
	out := make([]rune, 0, len(set))
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

var idnHistory = sync.OnceValue(func() map[string]string {
	m, err := parseIDNHistory(mustData("idn/history.txt"))
	if err != nil {
		panic(err)
	}
	return m
})

func parseIDNHistory(lines [][]string) (map[string]string, error) {
	const name = "idn/history.txt"
	m := map[string]string{}
	for _, f := range lines {
		if len(f) != 2 || f[1] != "any" {
			return nil, fmt.Errorf("wordlists: %s: line %q: want \"tld any\"", name, strings.Join(f, " "))
		}
		if !isLowerLDH(f[0]) {
			return nil, fmt.Errorf("wordlists: %s: %q is not a lower-case TLD A-label", name, f[0])
		}
		if _, dup := m[f[0]]; dup {
			return nil, fmt.Errorf("wordlists: %s: %q listed twice", name, f[0])
		}
		m[f[0]] = f[1]
	}
	return m, nil
}

// IDNOnceSold reports whether the registry of tld once sold Unicode labels
// beyond its current tables (data/idn/history.txt: Verisign's .com and .net
// before the 2005 script rules), so that a label IDNAllowed refuses may still
// exist as a grandfathered registration. The label must already be valid
// under IDNA2008: this answers the registry question only.
func IDNOnceSold(tld string) bool {
	return idnHistory()[normalizeDomain(tld)] == "any"
}

// IDNOnceSoldTLDs lists the TLDs IDNOnceSold holds for, sorted.
func IDNOnceSoldTLDs() []string {
	out := make([]string, 0, len(idnHistory()))
	for t := range idnHistory() {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}
