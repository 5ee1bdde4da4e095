package permute

// fuzzPlural makes a plural of the label or of a word inside it, as dnstwist
// 2025 does: "s" after any character from the third on ("es" after s, x or z),
// so airfrance → airsfrance, airfrances. dnstwist stops two characters before
// the end; lookalike goes on to the end, the plural a reader expects most, and
// also turns a final y into "ies" (company → companies).
func fuzzPlural(c *fuzzCtx, emit emitFunc) {
	n := len(c.label)
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b)+3)
	for i := 2; i < n; i++ {
		r := c.label[i]
		buf = append(buf[:0], l.head(i+1)...)
		if r == 's' || r == 'x' || r == 'z' {
			buf = append(buf, 'e')
		}
		buf = append(buf, 's')
		buf = append(buf, l.tail(i+1)...)
		emit(variant{label: string(buf)})
		if r == 'y' && (i == n-1 || c.label[i+1] == '-') {
			buf = append(buf[:0], l.head(i)...)
			buf = append(buf, "ies"...)
			buf = append(buf, l.tail(i+1)...)
			emit(variant{label: string(buf)})
		}
	}
}
