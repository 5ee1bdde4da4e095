package similar

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
)

// Brand is a brand made ready for judging: its label in visual form, the
// edit distances its length allows, its terms and its portfolio. Build it
// once with NewBrand and judge any number of names with it, from any number
// of goroutines.
type Brand struct {
	// Brand is the parsed brand domain.
	permute.Brand

	visual     []byte // Visual(ULabel) without hyphens
	terms      []term // other words that name the brand
	portfolio  map[string]bool
	wholeLimit int // edits allowed between the whole label and the brand
	tokenLimit int // edits allowed for a typo of the brand inside a longer label
	tldForms   []string
	peq        *[256]uint64 // Myers' bit masks of visual, for semiLev
	swaps      [][]byte     // visual with two neighbours swapped, each way

	// plain is the brand read without folding letter pairs (clarins as
	// written, not darins), when its label or a term has one: the
	// judgement also compares the name's unfolded reading with it.
	plain *Brand
}

type term struct {
	word   string // as given, lower case
	visual []byte
}

// NewBrand prepares b for judging. terms are other words that name the brand
// or its products ("nitro" for discord.com); each is a label of letters,
// digits and hyphens, or Unicode. portfolio lists domains the brand owns:
// names whose registrable domain is one of them are never reported, any more
// than the brand's own domain. An unusable term or portfolio entry is an
// error that names it.
func NewBrand(b permute.Brand, terms, portfolio []string) (*Brand, error) {
	if b.Domain == "" || b.Label == "" {
		return nil, fmt.Errorf("similar: brand %q is not parsed (use permute.ParseBrand)", b.Input)
	}
	ul := b.ULabel
	if ul == "" {
		ul = b.Label
	}
	v, _ := visual(nil, nil, ul)
	out := &Brand{
		Brand:     b,
		visual:    []byte(strings.ReplaceAll(string(v), "-", "")),
		portfolio: map[string]bool{},
	}
	out.measure()
	var plainTerms []term
	pv, _, _ := reading(nil, nil, ul, false)
	folded := !bytes.Equal(pv, v)
	for _, t := range terms {
		w := strings.ToLower(strings.TrimSpace(t))
		if w == "" {
			continue
		}
		if strings.ContainsAny(w, ". \t") {
			return nil, fmt.Errorf("similar: brand %s: term %q: give one word, without dots or spaces", b.Domain, t)
		}
		tv, _ := visual(nil, nil, w)
		tv = []byte(strings.ReplaceAll(string(tv), "-", ""))
		if len(tv) < 3 {
			return nil, fmt.Errorf("similar: brand %s: term %q is shorter than 3 letters and would match everywhere; give a longer word", b.Domain, t)
		}
		out.terms = append(out.terms, term{word: w, visual: tv})
		ptv, _, _ := reading(nil, nil, w, false)
		ptv = []byte(strings.ReplaceAll(string(ptv), "-", ""))
		folded = folded || !bytes.Equal(ptv, tv)
		plainTerms = append(plainTerms, term{word: w, visual: ptv})
	}
	for _, p := range portfolio {
		a, ok := names.ToASCII(p)
		if !ok {
			return nil, fmt.Errorf("similar: brand %s: portfolio entry %q is not a domain name", b.Domain, p)
		}
		if reg, _, ok := names.Registrable(a); ok {
			out.portfolio[reg] = true
		} else {
			return nil, fmt.Errorf("similar: brand %s: portfolio entry %q has no registrable domain (is it a public suffix?)", b.Domain, p)
		}
	}
	suffix := strings.Split(b.Suffix, ".")
	out.tldForms = []string{strings.Join(suffix, ""), strings.Join(suffix, "-"), suffix[len(suffix)-1], "com", "net", "org", "co"}
	if folded {
		p := *out
		p.visual = []byte(strings.ReplaceAll(string(pv), "-", ""))
		p.terms = plainTerms
		p.swaps = nil
		p.measure()
		out.plain = &p
	}
	return out, nil
}

// measure sets what follows from b.visual: the edits allowed, the swaps and
// semiLev's masks.
func (b *Brand) measure() {
	b.wholeLimit, b.tokenLimit = limits(len(b.visual))
	for j := 0; j+1 < len(b.visual); j++ {
		if b.visual[j] != b.visual[j+1] {
			v := bytes.Clone(b.visual)
			v[j], v[j+1] = v[j+1], v[j]
			b.swaps = append(b.swaps, v)
		}
	}
	b.peq = new([256]uint64)
	for j, c := range b.visual {
		if j < 64 {
			b.peq[c] |= 1 << uint(j)
		}
	}
}

// MustBrand is NewBrand for a literal domain in tests and examples; it
// panics on a bad one.
func MustBrand(domain string, terms ...string) *Brand {
	pb, err := permute.ParseBrand(domain)
	if err != nil {
		panic(err)
	}
	b, err := NewBrand(pb, terms, nil)
	if err != nil {
		panic(err)
	}
	return b
}

// limits are the edits a brand label of n visual letters tolerates: none up
// to 4 letters (dhl, ups, smbc: a one-letter change of a short label is
// another word or another company), then more as the label grows, because a
// long label stays recognisable after a change or two (steamcommunity). Inside
// a longer label (a typo among keywords) one fewer for long labels, since the
// keywords around it already dilute the likeness.
func limits(n int) (whole, token int) {
	switch {
	case n <= 4:
		return 0, 0
	case n <= 7:
		return 1, 1
	case n <= 11:
		return 2, 1
	case n <= 13:
		return 3, 2
	}
	return 3, 2
}

// Owns reports whether the registrable domain reg (A-label) is the brand's
// own or in its portfolio.
func (b *Brand) Owns(reg string) bool { return reg == b.Domain || b.portfolio[reg] }
