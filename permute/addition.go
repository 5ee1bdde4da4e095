package permute

// additionChars are the characters dnstwist adds: digits, then letters.
const additionChars = "0123456789abcdefghijklmnopqrstuvwxyz"

// fuzzAddition adds one letter or digit at the end of the label and of each
// hyphen-separated part, as dnstwist does (airfrancex, air-francex, airx-france),
// and also at their start (xairfrance, air-xfrance): a stray key before a word
// is as common as after it.
func fuzzAddition(c *fuzzCtx, emit emitFunc) {
	n := len(c.label)
	if n == 0 {
		return
	}
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b)+1)
	add := func(at int) {
		for k := 0; k < len(additionChars); k++ {
			buf = append(buf[:0], l.head(at)...)
			buf = append(buf, additionChars[k])
			buf = append(buf, l.tail(at)...)
			emit(variant{label: string(buf)})
		}
	}
	add(n)
	for i, r := range c.label {
		if r == '-' {
			add(i)
		}
	}
	add(0)
	for i, r := range c.label {
		if r == '-' {
			add(i + 1)
		}
	}
}
