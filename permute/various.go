package permute

import (
	"strings"

	"github.com/lookalike/lookalike/names"
)

// fuzzVarious makes dnstwist's "various" names, which play with the suffix:
// the TLD glued to the label (airfrancefr.fr, airfrance-fr.com,
// airfrancefr.com, paypalcom.com), a multi-label suffix cut short or glued
// (example.uk, exampleco.uk), and, when the brand was given with a subdomain,
// that subdomain glued on (wwwairfrance.fr, www-airfrance.fr). lookalike adds
// the hyphenated forms dnstwist leaves out (airfrance-fr.fr, example-co.uk).
func fuzzVarious(c *fuzzCtx, emit emitFunc) {
	label := string(c.label)
	sx := c.brand.Suffix
	if label == "" || sx == "" {
		return
	}
	emitL := func(l, suffix string) { emit(variant{label: l, suffix: suffix}) }
	if first, rest, dotted := strings.Cut(sx, "."); dotted {
		first = unicodeLabel(first)
		emitL(label, c.brand.TLD())
		emitL(label+first, rest)
		emitL(label+"-"+first, rest)
	} else {
		tld := unicodeLabel(sx)
		emitL(label+tld, "")
		emitL(label+"-"+tld, "")
		if sx != "com" {
			emitL(label+"-"+tld, "com")
			emitL(label+tld, "com")
		}
	}
	if sub := c.brand.Subdomain; sub != "" {
		emitL(sub+label, "")
		emitL(strings.ReplaceAll(sub, ".", "")+label, "")
		emitL(sub+"-"+label, "")
		emitL(strings.ReplaceAll(sub, ".", "-")+"-"+label, "")
	}
}

// unicodeLabel decodes an A-label ("xn--p1ai" → "рф") so that it can be glued
// to a Unicode label; anything else comes back as it is.
func unicodeLabel(a string) string {
	if !strings.HasPrefix(a, "xn--") {
		return a
	}
	return names.ToUnicode(a)
}
