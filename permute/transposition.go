package permute

import "unicode/utf8"

// fuzzTransposition swaps two neighbouring characters: airfrance → iarfrance.
func fuzzTransposition(c *fuzzCtx, emit emitFunc) {
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b))
	for i := 0; i+1 < len(c.label); i++ {
		a, b := c.label[i], c.label[i+1]
		if a == b {
			continue
		}
		buf = append(buf[:0], l.head(i)...)
		buf = utf8.AppendRune(buf, b)
		buf = utf8.AppendRune(buf, a)
		buf = append(buf, l.tail(i+2)...)
		emit(variant{label: string(buf)})
	}
}
