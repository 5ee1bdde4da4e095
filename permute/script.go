package permute

import (
	"fmt"
	"strings"
	"unicode"
)

// labelScripts are the scripts Warnings can name, in the order it tries them.
var labelScripts = []struct {
	name  string
	table *unicode.RangeTable
	// keyboard: an embedded layout types this script (insertion and
	// replacement typos work on it).
	keyboard bool
	// vowels: vowel-swap knows this script's vowels.
	vowels bool
}{
	{"Cyrillic", unicode.Cyrillic, true, true},
	{"Greek", unicode.Greek, false, false},
	{"Han", unicode.Han, false, false},
	{"Hiragana", unicode.Hiragana, false, false},
	{"Katakana", unicode.Katakana, false, false},
	{"Hangul", unicode.Hangul, false, false},
	{"Arabic", unicode.Arabic, false, false},
	{"Hebrew", unicode.Hebrew, false, false},
	{"Thai", unicode.Thai, false, false},
	{"Devanagari", unicode.Devanagari, false, false},
}

// latinOnly make nothing for a label without Latin letters: they write Latin
// letters as other ones (cyrillic), swap English spellings (homophone) or add
// English words (dictionary).
var latinOnly = []string{"cyrillic", "homophone", "dictionary"}

// mixing put ASCII letters beside the label: for a non-Latin label the result
// mixes scripts, which no registry sells today; the engine keeps such names
// only under .com and .net, marked Unavailable (wordlists.IDNOnceSold).
var mixing = []string{"addition", "plural", "combo", "tld-in-label", "missing-dot"}

// Warnings says what generation leaves out for b, one sentence each, for the
// command to print on stderr: nil for a brand whose label has Latin letters.
// A brand in another script (пример.com) gets the fuzzers that work on it
// (omission, transposition, repetition, hyphenation, one-edit typos in its
// own letters, Cyrillic keyboard typos and vowels, homographs from the other
// scripts); the warning names the others.
func (g *Generator) Warnings(b Brand) []string {
	script := ""
	keyboard, vowels := false, false
	for _, r := range b.ULabel {
		if r < 0x80 {
			if r >= 'a' && r <= 'z' {
				return nil
			}
			continue
		}
		if unicode.Is(unicode.Latin, r) {
			return nil
		}
		for _, s := range labelScripts {
			if script == "" && unicode.Is(s.table, r) {
				script, keyboard, vowels = s.name, s.keyboard, s.vowels
			}
		}
	}
	if script == "" {
		script = "not Latin"
	}
	selected := map[string]bool{}
	for _, f := range g.fuzzers {
		selected[f.name] = true
	}
	var none, mixed []string
	for _, f := range latinOnly {
		if selected[f] {
			none = append(none, f)
		}
	}
	if !keyboard {
		for _, f := range []string{"insertion", "replacement"} {
			if selected[f] {
				none = append(none, f)
			}
		}
	}
	if !vowels && selected["vowel-swap"] {
		none = append(none, "vowel-swap")
	}
	for _, f := range mixing {
		if selected[f] {
			mixed = append(mixed, f)
		}
	}
	var out []string
	if len(none) > 0 {
		out = append(out, fmt.Sprintf("%s: the label is %s: %s make nothing for it (they work on Latin letters, or on a keyboard layout lookalike does not have)",
			b.Domain, script, strings.Join(none, ", ")))
	}
	if len(mixed) > 0 {
		out = append(out, fmt.Sprintf("%s: %s put Latin letters beside the %s label: no registry sells such mixed-script names today, so they are made only under .com and .net (marked unavailable, as grandfathered names exist there)",
			b.Domain, strings.Join(mixed, ", "), script))
	}
	return out
}
