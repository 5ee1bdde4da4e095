package permute

import (
	"slices"
	"strings"

	"github.com/lookalike/lookalike/names"
)

// termFuzzers run on a brand term (a product or sub-brand: icloud, appleid
// for apple.com) as they run on the brand's label: typos, lookalikes, combos,
// www and suffix forms. The rest are left out on purpose: bitsquatting and
// dictionary work on the brand's A-label or a word list, homophone and
// subdomain multiply the volume for little.
var termFuzzers = map[string]bool{
	"addition": true, "cyrillic": true, "homoglyph": true, "hyphenation": true,
	"insertion": true, "omission": true, "plural": true, "repetition": true,
	"replacement": true, "transposition": true, "vowel-swap": true,
	"combo": true, "tld-in-label": true, "missing-dot": true, "one-edit": true,
	"tld-typo": true,
}

// ParseBrandLine reads one line of a --brands file: the brand's domain in any
// form ParseBrand takes, then, after white space, its terms (products and
// sub-brands) separated by commas:
//
//	apple.com icloud,appleid
//	microsoft.com office365, outlook, xbox
//	airfrance.fr
//
// A "#" after white space starts a comment. Terms are lower-cased and must be
// usable as a domain label (Unicode allowed). Errors wrap ErrBadInput.
func ParseBrandLine(line string) (Brand, error) {
	s := line
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "\t#"); i >= 0 {
		s = s[:i]
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return Brand{}, badInput(line, "holds no brand; give a domain, then optional terms: apple.com icloud,appleid")
	}
	b, err := ParseBrand(fields[0])
	if err != nil {
		return Brand{}, err
	}
	b.Input = line
	terms, err := ParseTerms(strings.Join(fields[1:], ""))
	if err != nil {
		return Brand{}, err
	}
	b.Terms = terms
	return b, nil
}

// ParseTerms reads a comma-separated list of brand terms ("icloud,appleid"),
// as --terms and the config's terms key give them: lower-cased, checked,
// duplicates dropped, in the order given. Errors wrap ErrBadInput.
func ParseTerms(list string) ([]string, error) {
	var out []string
	for t := range strings.SplitSeq(list, ",") {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" {
			continue
		}
		if _, ok := names.ToALabel(t); !ok || strings.Contains(t, ".") {
			return nil, badInput(t, "is not usable as a brand term: give one domain label (letters, digits, inner hyphens), such as icloud")
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// termsOf lists the terms generation runs for b: the brand's own, then the
// generator's, each once, never the brand's label itself.
func (g *Generator) termsOf(b Brand) []string {
	var out []string
	for _, t := range slices.Concat(b.Terms, g.terms) {
		if t != b.ULabel && t != b.Label && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// runTerms runs the term fuzzers on each term, the term itself first under
// the brand's suffix and the TLD-swap set.
func (s *set) runTerms(p *plan, terms []string) {
	for _, t := range terms {
		s.term = t
		c := &fuzzCtx{brand: s.brand, label: []rune(t), opt: p}
		s.add(variant{label: t, swap: true}, bitTerm)
		for _, f := range p.fuzzers {
			if !termFuzzers[f.name] {
				continue
			}
			bit := uint64(1)<<fuzzerIndex[f.name] | bitTerm
			f.run(c, func(v variant) {
				v.abuse = v.abuse || f.abused && v.suffix == ""
				s.add(v, bit)
			})
		}
	}
	s.term = ""
}
