package permute

// fuzzRepetition types one character twice: airfrance → airfrannce.
func fuzzRepetition(c *fuzzCtx, emit emitFunc) {
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b)+4)
	for i := range c.label {
		buf = append(buf[:0], l.head(i+1)...)
		buf = append(buf, l.tail(i)...)
		emit(variant{label: string(buf)})
	}
}
