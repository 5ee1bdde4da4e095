package permute

import (
	"strings"

	"github.com/lookalike/lookalike/names"
)

// fuzzBitsquatting flips each bit of each character and keeps the flips that
// land on a letter, digit or hyphen: a bit error in memory or on the wire turns
// airfrance into airfbance. Like dnstwist it flips the characters of the label
// as written; for an IDN brand it also flips the bytes of the A-label, which is
// what resolvers actually carry, and emits the names those decode to.
func fuzzBitsquatting(c *fuzzCtx, emit emitFunc) {
	l := newRuneLabel(c.label)
	buf := make([]byte, 0, len(l.b)+4)
	for i, r := range c.label {
		for mask := rune(1); mask <= 0x80; mask <<= 1 {
			f := r ^ mask
			if !ldhLower(f) {
				continue
			}
			buf = append(buf[:0], l.head(i)...)
			buf = append(buf, byte(f))
			buf = append(buf, l.tail(i+1)...)
			emit(variant{label: string(buf)})
		}
	}
	a := c.brand.Label
	if !strings.HasPrefix(a, "xn--") || names.IsASCII(string(c.label)) {
		return
	}
	// Only the encoded part: a flip in "xn--" leaves no valid A-label.
	for i := 4; i < len(a); i++ {
		for mask := byte(1); mask != 0; mask <<= 1 {
			f := a[i] ^ mask
			if !ldhLower(rune(f)) {
				continue
			}
			buf = append(buf[:0], a...)
			buf[i] = f
			// Emit the Unicode form: an A-label would skip the registry's IDN
			// check. A flip can decode to anything (upper case, unassigned code
			// points), so only a label IDNA2008 takes as it is goes on.
			u, ok := names.ULabel(string(buf))
			if !ok || names.IsASCII(u) {
				continue
			}
			if _, ok := names.ToALabel(u); ok {
				emit(variant{label: u})
			}
		}
	}
}
