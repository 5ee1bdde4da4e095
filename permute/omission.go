package permute

// fuzzOmission leaves one character out: airfrance → airfance.
func fuzzOmission(c *fuzzCtx, emit emitFunc) {
	if len(c.label) < 2 {
		return // nothing would be left
	}
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b))
	for i := range c.label {
		buf = append(buf[:0], l.head(i)...)
		buf = append(buf, l.tail(i+1)...)
		emit(variant{label: string(buf)})
	}
}
