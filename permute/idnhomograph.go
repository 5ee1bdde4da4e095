package permute

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/lookalike/lookalike/wordlists"
)

// homographSuffixes are where fuzzIDNHomograph puts its labels beside the
// brand's own suffix: the TLDs most names live under, .com and .net sold
// every script before 2005 (wordlists.IDNOnceSold), and phishers put the
// homographs of any brand there (xn--pancakeswp-95a.com for a .finance brand).
var homographSuffixes = []string{"com", "net", "org"}

// fuzzIDNHomograph writes the brand with UTS #39 confusables: every
// one-letter substitution (paypal → pаypal, Cyrillic а; micrοsoft, Greek ο)
// and the whole label in one script where each letter has a twin there
// (аррӏе, Cyrillic). Under the brand's own suffix and .com, .net, .org; the
// engine keeps what the registry sells or once sold, and marks the second
// Unavailable. The homoglyph fuzzer covers the registries' current tables
// with two substitutions; this one covers the scripts registries once sold,
// with one.
func fuzzIDNHomograph(c *fuzzCtx, emit emitFunc) {
	inv := confusableTwins()
	s := c.label
	suffixes := []string{""}
	for _, sx := range homographSuffixes {
		if sx != c.brand.Suffix {
			suffixes = append(suffixes, sx)
		}
	}
	buf := make([]rune, len(s))
	var labels []string
	for i, ch := range s {
		for _, r := range twinsOf(ch, inv) {
			copy(buf, s)
			buf[i] = r
			labels = append(labels, string(buf))
		}
	}
	for _, script := range []*unicode.RangeTable{unicode.Latin, unicode.Cyrillic, unicode.Greek} {
		if l, ok := wholeScript(s, inv, script); ok && l != string(s) {
			labels = append(labels, l)
		}
	}
	for _, sx := range suffixes {
		for _, l := range labels {
			emit(variant{label: l, suffix: sx})
		}
	}
}

// twinsOf lists what may stand for ch: its confusables if ch is ASCII; if
// not (a Cyrillic brand's р), its ASCII prototype (p) and the prototype's
// other confusables (Greek ρ), so that a brand in any of the three scripts
// gets the other two.
func twinsOf(ch rune, inv map[rune][]rune) []rune {
	if ch < utf8.RuneSelf {
		return inv[ch]
	}
	p, ok := confusableTable()[ch]
	if !ok || utf8.RuneCountInString(p) != 1 {
		return nil
	}
	pr, _ := utf8.DecodeRuneInString(p)
	var out []rune
	if pr >= 'a' && pr <= 'z' || pr >= '0' && pr <= '9' {
		out = append(out, pr)
	}
	for _, r := range inv[pr] {
		if r != ch {
			out = append(out, r)
		}
	}
	return out
}

// wholeScript writes s with, for each letter, its first twin in script
// (ASCII first for Latin); digits and hyphens stay. ok is false when a
// letter has none.
func wholeScript(s []rune, inv map[rune][]rune, script *unicode.RangeTable) (string, bool) {
	out := make([]rune, len(s))
	letters := 0
	for i, ch := range s {
		if ch >= '0' && ch <= '9' || ch == '-' {
			out[i] = ch
			continue
		}
		if unicode.Is(script, ch) && (ch < utf8.RuneSelf || script != unicode.Latin) {
			out[i] = ch
			letters++
			continue
		}
		twins := twinsOf(ch, inv)
		j := slices.IndexFunc(twins, func(r rune) bool { return unicode.Is(script, r) })
		if j < 0 {
			return "", false
		}
		out[i] = twins[j]
		letters++
	}
	return string(out), letters > 0
}

// confusableTwins inverts wordlists.Confusables for one-character prototypes
// ('a' → а, ɑ, α …) and adds the Unicode homoglyph table's letters with
// marks (à, ä: no UTS #39 prototype, yet read as the letter), each list sorted
// by code point so the output order is fixed. ASCII sources (0 for o) are the
// homoglyph fuzzer's.
var confusableTwins = sync.OnceValue(func() map[rune][]rune {
	m := map[rune][]rune{}
	for src, proto := range wordlists.Confusables() {
		if src < utf8.RuneSelf || utf8.RuneCountInString(proto) != 1 {
			continue
		}
		p, _ := utf8.DecodeRuneInString(proto)
		m[p] = append(m[p], src)
	}
	for base, glyphs := range wordlists.UnicodeHomoglyphs() {
		if base >= utf8.RuneSelf {
			continue
		}
		for _, g := range glyphs {
			if g >= utf8.RuneSelf {
				m[base] = append(m[base], g)
			}
		}
	}
	for k, v := range m {
		slices.Sort(v)
		m[k] = slices.Compact(v)
	}
	return m
})
