package permute

import (
	"strings"

	"github.com/lookalike/lookalike/names"
)

// fuzzTLDTypo puts the brand's label under the typos of its own suffix that
// are public suffixes names are registered under: .com → .co, .cm, .om, .cam;
// .com.au → .com.ua, .com.ai; .co.uk has none. A user who types
// paypal.cm lands on whoever bought it; Cameroon's .cm and Oman's .om are
// known for exactly that traffic. The edits are the ones fingers make: a
// character left out, two swapped, one replaced by a key beside it or a vowel
// by another vowel (.cam), a key beside one typed twice or a letter doubled.
// Any letter in place of any other would turn a two-letter ccTLD into most of
// the others.
func fuzzTLDTypo(c *fuzzCtx, emit emitFunc) {
	for _, sx := range suffixTypos(c.brand.Suffix, c.opt.keyboards) {
		emit(variant{label: string(c.label), suffix: sx})
	}
}

// suffixTypos lists, in a fixed order, the typing-error variants of a suffix
// that are public suffixes of their own, never the suffix itself.
func suffixTypos(sx string, keyboards []map[rune]string) []string {
	near := func(ch byte) string {
		var b strings.Builder
		for _, kb := range keyboards {
			b.WriteString(kb[rune(ch)])
		}
		if strings.IndexByte(vowels, ch) >= 0 {
			b.WriteString(vowels)
		}
		return b.String()
	}
	var out []string
	seen := map[string]bool{sx: true}
	try := func(v string) {
		if seen[v] || v == "" || strings.HasPrefix(v, ".") || strings.HasSuffix(v, ".") || strings.Contains(v, "..") {
			return
		}
		seen[v] = true
		if names.IsPublicSuffix(v) {
			out = append(out, v)
		}
	}
	for i := range sx {
		try(sx[:i] + sx[i+1:])
	}
	for i := 0; i+1 < len(sx); i++ {
		try(sx[:i] + string(sx[i+1]) + string(sx[i]) + sx[i+2:])
	}
	for i := range sx {
		if sx[i] == '.' {
			continue
		}
		for _, a := range near(sx[i]) {
			try(sx[:i] + string(a) + sx[i+1:])
		}
	}
	for i := range sx {
		if sx[i] == '.' {
			continue
		}
		try(sx[:i+1] + sx[i:]) // doubled
		for _, a := range near(sx[i]) {
			try(sx[:i] + string(a) + sx[i:])
			try(sx[:i+1] + string(a) + sx[i+1:])
		}
	}
	return out
}
