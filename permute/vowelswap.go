package permute

const vowels = "aeiou"

// fuzzVowelSwap puts another vowel in place of each vowel: airfrance →
// eirfrance, airfrince.
func fuzzVowelSwap(c *fuzzCtx, emit emitFunc) {
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b))
	for i, r := range c.label {
		if !isVowel(r) {
			continue
		}
		for k := 0; k < len(vowels); k++ {
			if rune(vowels[k]) == r {
				continue
			}
			buf = append(buf[:0], l.head(i)...)
			buf = append(buf, vowels[k])
			buf = append(buf, l.tail(i+1)...)
			emit(variant{label: string(buf)})
		}
	}
}

func isVowel(r rune) bool {
	return r == 'a' || r == 'e' || r == 'i' || r == 'o' || r == 'u'
}
