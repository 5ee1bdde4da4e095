package permute

import "strings"

const vowels = "aeiou"

// cyrillicVowels are swapped among themselves in a Cyrillic label (пример →
// прамер), as vowels is in a Latin one: a mixed-script label would be refused.
const cyrillicVowels = "аеиоуыэюя"

// fuzzVowelSwap puts another vowel in place of each vowel: airfrance →
// eirfrance, airfrince.
func fuzzVowelSwap(c *fuzzCtx, emit emitFunc) {
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b)+4)
	for i, r := range c.label {
		set := vowels
		switch {
		case isVowel(r):
		case strings.ContainsRune(cyrillicVowels, r):
			set = cyrillicVowels
		default:
			continue
		}
		for _, v := range set {
			if v == r {
				continue
			}
			buf = append(buf[:0], l.head(i)...)
			buf = append(buf, string(v)...)
			buf = append(buf, l.tail(i+1)...)
			emit(variant{label: string(buf)})
		}
	}
}

func isVowel(r rune) bool {
	return r == 'a' || r == 'e' || r == 'i' || r == 'o' || r == 'u'
}
