package permute

// fuzzSubdomain puts a dot inside the label, so that the brand's start becomes
// a subdomain of a cheaper name: air.france.fr, a.irfrance.fr. As in dnstwist,
// never next to a hyphen and never before the last character.
func fuzzSubdomain(c *fuzzCtx, emit emitFunc) {
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b)+1)
	for i := 1; i < len(c.label)-1; i++ {
		if c.label[i] == '-' || c.label[i-1] == '-' || c.label[i] == '.' || c.label[i-1] == '.' {
			continue
		}
		buf = append(buf[:0], l.head(i)...)
		buf = append(buf, '.')
		buf = append(buf, l.tail(i)...)
		emit(variant{label: string(buf)})
	}
}
