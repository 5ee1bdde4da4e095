package permute

import (
	"iter"
	"strings"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/wordlists"
)

// Generate streams the candidates for one brand. The order is deterministic:
// first every variant under the brand's own suffix (and any suffix a fuzzer
// chose), in registry order of the fuzzer that first made it; then the products
// with the TLD-swap set, label by label. Each name comes once, credited to every
// fuzzer that made it. The brand itself never comes out.
//
// Memory grows with the number of distinct labels, not with the number of
// names: the label × TLD product is computed as it is consumed.
func (g *Generator) Generate(b Brand) (iter.Seq[Candidate], error) {
	s, err := g.build(b)
	if err != nil {
		return nil, err
	}
	return s.emit, nil
}

// Count returns how many candidates Generate(b) yields, without building the
// label × TLD product.
func (g *Generator) Count(b Brand) (int, error) {
	s, err := g.build(b)
	if err != nil {
		return 0, err
	}
	n := len(s.entries)
	buf := make([]byte, 0, names.MaxNameLen+1)
	for i := range s.swaps {
		for j := range s.suffixes {
			if _, ok := s.product(&buf, i, j); ok {
				n++
			}
		}
	}
	return n, nil
}

// set is one brand's phase-1 output (every variant a fuzzer emitted, in order)
// and the labels that also go under the swap suffixes.
type set struct {
	g        *Generator
	brand    Brand
	entries  []entry
	index    map[string]int32 // domain → entries index
	swaps    []swapLabel
	swapIdx  map[string]int32 // A-label → swaps index
	suffixes []suffix
	names    map[uint64][]string // fuzzer mask → shared names slice
	term     string              // the brand term being fuzzed, "" for the brand
}

type entry struct {
	domain, unicode string
	label, suffix   string // A-label part and suffix, for crediting the product
	term            string // Candidate.Term
	unavailable     string // Candidate.Unavailable
	mask            uint64
}

type swapLabel struct {
	alabel, ulabel string
	term           string
	ascii          bool
	// tier says how far the product takes the label: every suffix of
	// at least this tier (tierMain: com, net, org; tierAbused: and the
	// cheap-TLD set; tierSwap: and the whole TLD-swap set).
	tier uint8
	mask uint64
}

type suffix struct {
	ascii, unicode string
	tld            string
	// tier is the lowest tier of label that goes under it: tierMain for com,
	// net and org, tierAbused for the rest of the cheap-TLD set
	// (wordlists.AbusedTLDs), tierSwap for the rest of the TLD-swap set.
	tier uint8
}

// The tiers of the product, from the fewest suffixes to the most.
const (
	tierNone uint8 = iota
	tierMain
	tierAbused
	tierSwap
)

// covers reports whether the product puts sw under sx.
func (sw *swapLabel) covers(sx *suffix) bool { return sw.tier >= sx.tier }

var (
	bitTLDSwap = uint64(1) << fuzzerIndex["tld-swap"]
	bitTerm    = uint64(1) << fuzzerIndex["brand-term"]
)

func (g *Generator) build(b Brand) (*set, error) {
	p, err := g.planFor(b)
	if err != nil {
		return nil, err
	}
	s := &set{
		g: g, brand: b,
		index:   map[string]int32{},
		swapIdx: map[string]int32{},
		names:   map[uint64][]string{},
	}
	s.suffixes = p.suffixes
	c := &fuzzCtx{brand: b, label: []rune(b.ULabel), opt: p}
	for _, f := range p.fuzzers {
		bit := uint64(1) << fuzzerIndex[f.name]
		if f.abused && !g.opt.NoAbusedTLDs {
			f.run(c, func(v variant) {
				v.abuse = v.abuse || v.suffix == ""
				s.add(v, bit)
			})
			continue
		}
		f.run(c, func(v variant) { s.add(v, bit) })
	}
	if g.mask&bitTLDSwap != 0 {
		s.addSwap(b.Label, b.ULabel, bitTLDSwap, tierSwap)
	}
	if terms := g.termsOf(b); len(terms) > 0 {
		s.runTerms(p, terms)
	}
	// Credit phase-1 names that the product would make again.
	for i := range s.entries {
		e := &s.entries[i]
		if k, ok := s.swapIdx[e.label]; ok {
			if sx := s.suffixOf(e.suffix); sx != nil && s.swaps[k].covers(sx) {
				e.mask |= s.swaps[k].mask | bitTLDSwap
			}
		}
	}
	return s, nil
}

func (s *set) suffixOf(sx string) *suffix {
	for i := range s.suffixes {
		if s.suffixes[i].ascii == sx {
			return &s.suffixes[i]
		}
	}
	return nil
}

// add takes one variant from a fuzzer: converts, validates, deduplicates.
func (s *set) add(v variant, bit uint64) {
	alabel, ulabel, ok := convertLabel(v.label)
	if !ok {
		return
	}
	sx := v.suffix
	if sx == "" {
		sx = s.brand.Suffix
	}
	var unavailable string
	if alabel != ulabel && !idnAllowed(names.LastLabel(sx), ulabel) {
		tld := names.LastLabel(sx)
		if s.g.opt.SellableOnly || !wordlists.IDNOnceSold(tld) || !names.IsASCII(sx) {
			return
		}
		unavailable = unavailableReason(tld)
	}
	domain := alabel + "." + sx
	if len(domain) > names.MaxNameLen || domain == s.brand.Domain {
		return
	}
	if i, ok := s.index[domain]; ok {
		s.entries[i].mask |= bit
	} else {
		s.index[domain] = int32(len(s.entries))
		unicode := domain
		if alabel != ulabel || strings.Contains(sx, "xn--") {
			unicode = ulabel + "." + unicodeSuffix(sx)
		}
		s.entries = append(s.entries, entry{domain: domain, unicode: unicode, label: alabel, suffix: sx, term: s.term, unavailable: unavailable, mask: bit})
	}
	if unavailable != "" {
		return // a grandfathered form exists under this TLD only, not under the product's
	}
	tier := tierNone
	switch {
	case v.swap:
		tier = tierSwap
	case s.g.opt.NoAbusedTLDs:
	case v.abuse:
		tier = tierAbused
	case v.main:
		tier = tierMain
	}
	if tier != tierNone && !strings.Contains(alabel, ".") {
		s.addSwap(alabel, ulabel, bit, tier)
	}
}

func (s *set) addSwap(alabel, ulabel string, bit uint64, tier uint8) {
	if i, ok := s.swapIdx[alabel]; ok {
		s.swaps[i].mask |= bit
		s.swaps[i].tier = max(s.swaps[i].tier, tier)
		return
	}
	s.swapIdx[alabel] = int32(len(s.swaps))
	s.swaps = append(s.swaps, swapLabel{alabel: alabel, ulabel: ulabel, term: s.term, ascii: alabel == ulabel, tier: tier, mask: bit})
}

// idnAllowed reports whether every non-ASCII label of a dotted Unicode label
// may be registered under tld.
func idnAllowed(tld, ulabel string) bool {
	for l := range strings.SplitSeq(ulabel, ".") {
		if !names.IsASCII(l) && !wordlists.IDNAllowed(tld, l) {
			return false
		}
	}
	return true
}

func unicodeSuffix(sx string) string {
	return names.ToUnicode(sx)
}

// convertLabel turns a fuzzer's label (Unicode, maybe dotted) into A-label and
// Unicode forms, or reports it invalid.
func convertLabel(label string) (alabel, ulabel string, ok bool) {
	if !strings.Contains(label, ".") {
		a, ok := names.ToALabel(label)
		return a, uLabelOf(a, label), ok
	}
	var ab, ub strings.Builder
	for i, part := range strings.Split(label, ".") {
		a, ok := names.ToALabel(part)
		if !ok {
			return "", "", false
		}
		if i > 0 {
			ab.WriteByte('.')
			ub.WriteByte('.')
		}
		ab.WriteString(a)
		ub.WriteString(uLabelOf(a, part))
	}
	return ab.String(), ub.String(), true
}

// uLabelOf returns the Unicode form of a label a fuzzer gave: an ASCII "xn--"
// label is decoded, so that the registry's IDN rules apply to it as well.
func uLabelOf(alabel, given string) string {
	if given != alabel || !strings.HasPrefix(alabel, "xn--") {
		return given
	}
	if u, ok := names.ULabel(alabel); ok {
		return u
	}
	return given
}

// product builds swap label i under suffix j into *buf and reports whether it
// is a new valid name (not already in phase 1, allowed by the registry).
func (s *set) product(buf *[]byte, i, j int) ([]byte, bool) {
	sw, sx := &s.swaps[i], &s.suffixes[j]
	b := append((*buf)[:0], sw.alabel...)
	b = append(b, '.')
	b = append(b, sx.ascii...)
	*buf = b
	if len(b) > names.MaxNameLen || !sw.covers(sx) {
		return b, false
	}
	if _, dup := s.index[string(b)]; dup { // no allocation: the compiler keys by the bytes
		return b, false
	}
	if !sw.ascii && !wordlists.IDNAllowed(sx.tld, sw.ulabel) {
		return b, false
	}
	return b, string(b) != s.brand.Domain
}

func (s *set) fuzzerNames(mask uint64) []string {
	if n, ok := s.names[mask]; ok {
		return n
	}
	var out []string
	for i, f := range registry {
		if mask&(1<<i) != 0 {
			out = append(out, f.name)
		}
	}
	s.names[mask] = out
	return out
}

func (s *set) emit(yield func(Candidate) bool) {
	for i := range s.entries {
		e := &s.entries[i]
		if !yield(Candidate{Domain: e.domain, Unicode: e.unicode, Fuzzers: s.fuzzerNames(e.mask), Brand: s.brand.Domain, Term: e.term, Unavailable: e.unavailable}) {
			return
		}
	}
	buf := make([]byte, 0, names.MaxNameLen+1)
	for i := range s.swaps {
		sw := &s.swaps[i]
		names := s.fuzzerNames(sw.mask | bitTLDSwap)
		for j := range s.suffixes {
			b, ok := s.product(&buf, i, j)
			if !ok {
				continue
			}
			d := string(b)
			u := d
			if !sw.ascii || s.suffixes[j].ascii != s.suffixes[j].unicode {
				u = sw.ulabel + "." + s.suffixes[j].unicode
			}
			if !yield(Candidate{Domain: d, Unicode: u, Fuzzers: names, Brand: s.brand.Domain, Term: sw.term}) {
				return
			}
		}
	}
}
