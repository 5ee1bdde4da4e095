package permute

import "unicode/utf8"

// fuzzReplacement hits a neighbouring key instead of each character, on every
// layout in play: airfrance → sirfrance, aorfrance.
func fuzzReplacement(c *fuzzCtx, emit emitFunc) {
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b)+utf8.UTFMax)
	var nb []rune
	for i, r := range c.label {
		nb = keyNeighbours(c.opt.keyboards, r, nb)
		for _, k := range nb {
			buf = append(buf[:0], l.head(i)...)
			buf = utf8.AppendRune(buf, k)
			buf = append(buf, l.tail(i+1)...)
			emit(variant{label: string(buf)})
		}
	}
}
