package permute

import (
	"sync"

	"github.com/lookalike/lookalike/wordlists"
)

var latinToCyrillic = sync.OnceValue(wordlists.LatinToCyrillic)

// fuzzCyrillic writes the whole label in Cyrillic lookalikes (paypal →
// раураӏ), dnstwist's cyrillic fuzzer. A label with a letter that has no
// Cyrillic twin gives nothing: a mixed-script label is refused by every
// registry that sells Cyrillic names. Unlike dnstwist it keeps digits and
// hyphens, which belong to no script (air-france → аіг-fгаnсе still fails on
// f; paypal-2 → раураӏ-2 does not). Whether the TLD sells Cyrillic at all is
// the registry check's call.
func fuzzCyrillic(c *fuzzCtx, emit emitFunc) {
	m := latinToCyrillic()
	out := make([]rune, len(c.label))
	letters := 0
	for i, r := range c.label {
		if cy, ok := m[r]; ok {
			out[i] = cy
			letters++
			continue
		}
		if r >= '0' && r <= '9' || r == '-' {
			out[i] = r
			continue
		}
		return
	}
	if letters > 0 {
		emit(variant{label: string(out)})
	}
}
