package permute

import (
	"slices"
	"unicode/utf8"
)

// editAlphabet is what a one-edit typo of an ASCII label may bring in: any
// letter, digit or hyphen (a hyphen at an end is refused by the validity check).
const editAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789-"

// fuzzOneEdit makes every label one edit away from the brand's (Damerau: a
// character inserted, deleted, replaced or two neighbours swapped), under the
// brand's own suffix. The keyboard fuzzers (insertion, replacement) only take
// the keys beside the one meant; real squats are often farther
// (americaneoxpress, steamcommuninty): an attacker picks any one-letter
// change that still reads as the brand. Its cost is small, about 75 names a
// letter of the label, and only under the brand's own suffix.
//
// A label without ASCII letters (пример) gets the same edits with its own
// letters as alphabet, so that a Cyrillic brand gets Cyrillic typos, not
// mixed-script names that no registry sells; a Latin label with accents
// (àirfrance) gets ASCII and its own accented letters.
func fuzzOneEdit(c *fuzzCtx, emit emitFunc) {
	s := c.label
	if len(s) == 0 {
		return
	}
	alpha := []rune(editAlphabet)
	if !isASCIIRunes(s) {
		own := slices.Clone(s)
		slices.Sort(own)
		own = slices.Compact(own)
		if !slices.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
			alpha = own
		} else {
			for _, r := range own {
				if r >= utf8.RuneSelf {
					alpha = append(alpha, r)
				}
			}
		}
	}
	buf := make([]rune, 0, len(s)+1)
	out := func(r []rune) { emit(variant{label: string(r)}) }
	for i := range s { // deletion
		if len(s) == 1 {
			break // nothing left to register
		}
		buf = append(append(buf[:0], s[:i]...), s[i+1:]...)
		out(buf)
	}
	for i := 0; i+1 < len(s); i++ { // transposition
		if s[i] == s[i+1] {
			continue
		}
		buf = append(buf[:0], s...)
		buf[i], buf[i+1] = buf[i+1], buf[i]
		out(buf)
	}
	for i := range s { // replacement
		for _, a := range alpha {
			if a == s[i] {
				continue
			}
			buf = append(buf[:0], s...)
			buf[i] = a
			out(buf)
		}
	}
	for i := 0; i <= len(s); i++ { // insertion
		for _, a := range alpha {
			buf = append(append(append(buf[:0], s[:i]...), a), s[i:]...)
			out(buf)
		}
	}
}

func isASCIIRunes(s []rune) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
