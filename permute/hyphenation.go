package permute

// fuzzHyphenation puts a hyphen between two characters: air-france.
func fuzzHyphenation(c *fuzzCtx, emit emitFunc) {
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b)+1)
	for i := 1; i < len(c.label); i++ {
		buf = append(buf[:0], l.head(i)...)
		buf = append(buf, '-')
		buf = append(buf, l.tail(i)...)
		emit(variant{label: string(buf)})
	}
}
