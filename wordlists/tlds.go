package wordlists

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// normalizeDomain lower-cases an A-label name and drops a trailing root dot, so
// "DE." and "de" look the same.
func normalizeDomain(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

// readSingleColumn reads a data file whose lines hold one lower-case name each
// and rejects duplicates.
func readSingleColumn(name string) ([]string, error) {
	lines, err := readData(name)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(lines))
	for _, f := range lines {
		if len(f) != 1 {
			return nil, fmt.Errorf("wordlists: %s: line %q: want one name per line", name, strings.Join(f, " "))
		}
		if !isLowerDomain(f[0]) {
			return nil, fmt.Errorf("wordlists: %s: %q is not a lower-case A-label name", name, f[0])
		}
		if seen[f[0]] {
			return nil, fmt.Errorf("wordlists: %s: %q listed twice", name, f[0])
		}
		seen[f[0]] = true
		out = append(out, f[0])
	}
	return out, nil
}

// isLowerDomain reports whether s is a dot-separated sequence of lower-case LDH
// labels (A-labels included), without a trailing dot.
func isLowerDomain(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, l := range strings.Split(s, ".") {
		if !isLowerLDH(l) || len(l) > 63 {
			return false
		}
	}
	return true
}

var swapTLDs = sync.OnceValue(func() []string {
	v, err := readSingleColumn("tlds/swap.txt")
	if err != nil {
		panic(err)
	}
	return v
})

var allTLDs = sync.OnceValue(func() []string {
	v, err := readSingleColumn("tlds/icann-tlds.txt")
	if err != nil {
		panic(err)
	}
	slices.Sort(v)
	return v
})

// SwapTLDs is the default TLD-swap set: the big gTLDs, the ccTLDs of major
// markets, and the cheap TLDs most abused for phishing, as A-labels in file
// order (most likely first).
func SwapTLDs() []string { return slices.Clone(swapTLDs()) }

// AllTLDs is every ICANN top-level domain as sorted A-labels: the top-level
// labels of the ICANN rules of the Public Suffix List that publicsuffix-go
// embeds, copied into data/tlds/icann-tlds.txt (a test keeps the two in step).
func AllTLDs() []string { return slices.Clone(allTLDs()) }

// suffixFamilies maps every public suffix of a family to the family's members.
var suffixFamilies = sync.OnceValue(func() map[string][]string {
	m, err := loadSuffixFamilies()
	if err != nil {
		panic(err)
	}
	return m
})

func loadSuffixFamilies() (map[string][]string, error) {
	const name = "tlds/suffix-families.txt"
	lines, err := readData(name)
	if err != nil {
		return nil, err
	}
	m := map[string][]string{}
	for _, fam := range lines {
		if len(fam) < 2 {
			return nil, fmt.Errorf("wordlists: %s: family %q needs at least two suffixes", name, strings.Join(fam, " "))
		}
		tld := fam[0][strings.LastIndexByte(fam[0], '.')+1:]
		for _, s := range fam {
			if !isLowerDomain(s) {
				return nil, fmt.Errorf("wordlists: %s: %q is not a lower-case A-label suffix", name, s)
			}
			if !strings.HasSuffix("."+s, "."+tld) {
				return nil, fmt.Errorf("wordlists: %s: %q is not under .%s like the rest of its family", name, s, tld)
			}
			if _, dup := m[s]; dup {
				return nil, fmt.Errorf("wordlists: %s: %q is in two families", name, s)
			}
			m[s] = fam
		}
	}
	return m, nil
}

// SuffixFamily returns the other public suffixes under the same ccTLD where the
// public can register names ("co.uk" -> org.uk, me.uk, ..., uk), in file
// order. It never contains suffix itself and is empty for a suffix with no
// family ("com").
func SuffixFamily(suffix string) []string {
	suffix = normalizeDomain(suffix)
	var out []string
	for _, s := range suffixFamilies()[suffix] {
		if s != suffix {
			out = append(out, s)
		}
	}
	return out
}

var tldLanguages = sync.OnceValue(func() map[string][]string {
	m, err := loadTLDLanguages()
	if err != nil {
		panic(err)
	}
	return m
})

func loadTLDLanguages() (map[string][]string, error) {
	const name = "tlds/languages.txt"
	lines, err := readData(name)
	if err != nil {
		return nil, err
	}
	m := map[string][]string{}
	for _, f := range lines {
		if len(f) < 2 {
			return nil, fmt.Errorf("wordlists: %s: line %q: want \"tld lang...\"", name, strings.Join(f, " "))
		}
		tld := f[0]
		if !isLowerLDH(tld) {
			return nil, fmt.Errorf("wordlists: %s: %q is not a lower-case TLD", name, tld)
		}
		if _, dup := m[tld]; dup {
			return nil, fmt.Errorf("wordlists: %s: %q listed twice", name, tld)
		}
		for i, l := range f[1:] {
			if slices.Contains(f[1:i+1], l) {
				return nil, fmt.Errorf("wordlists: %s: %s lists %q twice", name, tld, l)
			}
		}
		m[tld] = f[1:]
	}
	return m, nil
}

// LanguagesForTLD returns the market languages of a ccTLD, main language
// first, restricted to languages that have a keyword list (so the result can
// be passed to Keywords as is): "fr" -> [fr], "be" -> [fr nl de],
// "ch" -> [de fr it]. gTLDs and ccTLDs of other languages give nil.
func LanguagesForTLD(tld string) []string {
	return slices.Clone(tldLanguages()[normalizeDomain(tld)])
}

var abusedTLDs = sync.OnceValue(func() []string {
	v, err := readSingleColumn("tlds/abused.txt")
	if err != nil {
		panic(err)
	}
	return v
})

// AbusedTLDs is the cheap-TLD set: com, net, org and the TLDs that abuse
// reports name most for phishing (Interisle 2025, Spamhaus), as A-labels in file
// order (most abused first). The generator puts the brand's best labels under
// each of them by default.
func AbusedTLDs() []string { return slices.Clone(abusedTLDs()) }
