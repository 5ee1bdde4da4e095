package similar

import (
	"bytes"
	"slices"
)

// Index finds, for one observed name, the brands worth judging among many
// (1 to 10,000), and judges it against those alone with Brand.JudgeName: the
// same judgement as one brand at a time, at stream speed.
//
// It holds an Aho–Corasick automaton over pieces of every brand's visual
// label and terms. By the pigeonhole principle a label within k edits of a
// brand holds one of k+1 pieces of it unchanged, so a name that holds no piece
// of a brand cannot be its typo, combo or homoglyph. A brand hit by a piece
// is then screened with a bit-parallel edit distance (Myers 1999) of its
// label against the name before the full judgement. Pieces are at least 4
// letters, so a brand of 8 letters is split in two: a name with two edits in
// both halves of such a brand is missed (the pigeonhole needs three pieces
// there); Index is tested against brand-by-brand judgement on the real set.
//
// An Index is read-only once built and safe for concurrent use; each
// goroutine brings its own Scratch.
type Index struct {
	brands []*Brand
	ac     automaton
	hits   [][]hit // by pattern id
}

type hit struct {
	brand int32
	vlen  int16 // the brand's visual length and whole-label limit, kept
	limit int16 // here so the scan need not load the brand
	whole bool  // a piece of the whole-label split: only with a label of about the brand's length
	term  bool  // a term's exact visual form
}

// Scratch is one goroutine's working memory for Index.Match.
type Scratch struct {
	stamp []uint32 // brand is a candidate of this name (== gen)
	seen  []uint32 // brand was screened for this name (== gen)
	gen   uint32
	cand  []int32
	name  Name
	subv  []byte
	subp  []int32
}

// NewIndex builds the index of brands. The brands are shared, not copied.
func NewIndex(brands []*Brand) *Index {
	ix := &Index{brands: brands}
	ids := map[string]int{}
	var pats [][]byte
	add := func(p []byte, h hit) {
		id, ok := ids[string(p)]
		if !ok {
			id = len(pats)
			ids[string(p)] = id
			pats = append(pats, p)
			ix.hits = append(ix.hits, nil)
		}
		if !slices.Contains(ix.hits[id], h) {
			ix.hits[id] = append(ix.hits[id], h)
		}
	}
	for i, b := range brands {
		v := b.visual
		for _, p := range pieces(v, b.tokenLimit) {
			// A 2-letter piece (of a 5-letter brand) is in most labels:
			// it only counts for a label of about the brand's length.
			add(p, hit{brand: int32(i), vlen: int16(len(v)), limit: int16(b.wholeLimit), whole: len(p) < 3})
		}
		for _, p := range pieces(v, b.wholeLimit) {
			add(p, hit{brand: int32(i), vlen: int16(len(v)), limit: int16(b.wholeLimit), whole: true})
		}
		for _, t := range b.terms {
			add(t.visual, hit{brand: int32(i), term: true})
		}
	}
	ix.ac = buildAutomaton(pats)
	return ix
}

// minPiece is the shortest piece of a brand of 8 letters or more: 3-letter
// pieces (ing, ter) occur in most labels and would send every name to dozens
// of brands. Shorter brands with a typo allowed are split in two anyway.
const minPiece = 4

// pieces splits v into k+1 contiguous pieces of at least minPiece bytes (fewer
// pieces when v is too short for k+1 of them), twice: the second split is
// shifted by one byte, so that two letters swapped across a boundary of the
// first (dicsord: dis|cord) leave a piece of the second whole (disc|ord).
func pieces(v []byte, k int) [][]byte {
	n := k + 1
	for n > 1 && len(v)/n < minPiece {
		n--
	}
	if n == 1 && k >= 1 && len(v) >= 5 {
		n = 2 // a 5- to 7-letter brand's typo needs two pieces (2+3 to 3+4)
	}
	var out [][]byte
	for i := 0; i < n; i++ {
		out = append(out, v[i*len(v)/n:(i+1)*len(v)/n])
	}
	if n > 1 {
		for i := 0; i < n; i++ {
			a, e := i*len(v)/n+1, (i+1)*len(v)/n+1
			if i == 0 {
				a = 0
			}
			if i == n-1 {
				e = len(v)
			}
			out = append(out, v[a:e])
		}
	}
	return out
}

// Brands returns the brands of the index, in the order given.
func (ix *Index) Brands() []*Brand { return ix.brands }

// Match judges the name (lower-case A-labels) whose registrable domain and
// suffix the caller has cut (names.Registrable) against the brands of the
// index, and appends each match to out, best score first. With reg == ""
// Match cuts the name itself.
func (ix *Index) Match(s *Scratch, domain, reg, suffix string, out []Match) []Match {
	var n *Name
	if reg == "" {
		p, ok := ParseName(domain)
		if !ok {
			return out
		}
		n = p
	} else {
		n = &s.name
		n.reset(domain, reg, suffix)
		n.alt = nil
	}
	return ix.MatchName(s, n, out)
}

// MatchName is Match for a prepared name.
func (ix *Index) MatchName(s *Scratch, n *Name, out []Match) []Match {
	if len(s.stamp) < len(ix.brands) {
		s.stamp = make([]uint32, len(ix.brands))
		s.seen = make([]uint32, len(ix.brands))
		s.gen = 0
	}
	s.gen++
	if s.gen == 0 { // wrapped: clear
		clear(s.stamp)
		clear(s.seen)
		s.gen = 1
	}
	s.cand = s.cand[:0]
	ix.collect(s, n.flat, len(n.flat), false)
	if n.alt != nil {
		ix.collect(s, n.alt.flat, len(n.alt.flat), false)
	}
	if n.sub != "" {
		s.subv, s.subp = visual(s.subv, s.subp, n.sub)
		ix.collect(s, s.subv, -1, true)
	}
	start := len(out)
	for _, bi := range s.cand {
		b := ix.brands[bi]
		if m, ok := b.JudgeName(n); ok {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out[start:], func(a, b Match) int { return b.Score - a.Score })
	return out
}

// collect stamps the brands whose pieces occur in text and that pass the
// screen. n is the label's length for the whole-label filter (-1: none
// applies); exact asks for the brand's whole label (subdomain labels).
func (ix *Index) collect(s *Scratch, text []byte, n int, exact bool) {
	ac := &ix.ac
	state := int32(0)
	for _, c := range text {
		state = ac.delta[int(state)*ac.nclass+int(ac.class[c])]
		for _, pid := range ac.out[ac.outStart[state]:ac.outStart[state+1]] {
			for _, h := range ix.hits[pid] {
				if s.stamp[h.brand] == s.gen {
					continue
				}
				switch {
				case exact:
					if !bytes.Contains(text, ix.brands[h.brand].visual) {
						continue
					}
				case h.term:
				default:
					if s.seen[h.brand] == s.gen {
						continue // screened out already
					}
					d := n - int(h.vlen)
					close := d <= int(h.limit) && -d <= int(h.limit)
					if h.whole && !close {
						continue // not for this label's length
					}
					s.seen[h.brand] = s.gen
					if !screen(ix.brands[h.brand], text, close) {
						continue
					}
				}
				s.stamp[h.brand] = s.gen
				s.cand = append(s.cand, h.brand)
			}
		}
	}
}

// screen tells whether the brand can match text by the rules of judge.go,
// cheaply: the whole label within the brand's edit limit (when its length
// is close), or a span within the in-token limit — by Myers' bit-parallel
// Levenshtein distance, and, where that is one too many, by looking for the
// brand with two neighbours swapped (a swap is one edit to the judgement,
// two to Levenshtein).
func screen(b *Brand, text []byte, close bool) bool {
	if close && osa(text, b.visual, b.wholeLimit) <= b.wholeLimit {
		return true
	}
	d := b.semiLev(text, b.tokenLimit)
	switch {
	case d <= b.tokenLimit:
		return true
	case d > b.tokenLimit+1:
		return false
	case b.tokenLimit >= 2:
		return true
	}
	for _, v := range b.swaps {
		if bytes.Contains(text, v) {
			return true
		}
	}
	return false
}

// automaton is a dense Aho–Corasick automaton over bytes, its alphabet
// reduced to the bytes the patterns use (every other byte is class 0).
type automaton struct {
	class    [256]uint8
	nclass   int
	delta    []int32 // state*nclass + class → state
	outStart []int32 // out[outStart[s]:outStart[s+1]]: patterns ending at s
	out      []int32
}

func buildAutomaton(pats [][]byte) automaton {
	var a automaton
	for _, p := range pats {
		for _, c := range p {
			if a.class[c] == 0 {
				a.nclass++
				a.class[c] = uint8(a.nclass)
			}
		}
	}
	a.nclass++ // class 0 for bytes in no pattern
	// Trie.
	type node struct {
		next map[uint8]int32
		out  []int32
	}
	nodes := []node{{next: map[uint8]int32{}}}
	for id, p := range pats {
		s := int32(0)
		for _, c := range p {
			k := a.class[c]
			nx, ok := nodes[s].next[k]
			if !ok {
				nx = int32(len(nodes))
				nodes = append(nodes, node{next: map[uint8]int32{}})
				nodes[s].next[k] = nx
			}
			s = nx
		}
		nodes[s].out = append(nodes[s].out, int32(id))
	}
	a.delta = make([]int32, len(nodes)*a.nclass)
	fail := make([]int32, len(nodes))
	// Breadth first: a state's failure is set before its children's.
	queue := []int32{}
	for k := 0; k < a.nclass; k++ {
		if nx, ok := nodes[0].next[uint8(k)]; ok {
			a.delta[k] = nx
			queue = append(queue, nx)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		nodes[s].out = append(nodes[s].out, nodes[fail[s]].out...)
		for k := 0; k < a.nclass; k++ {
			if nx, ok := nodes[s].next[uint8(k)]; ok {
				fail[nx] = a.delta[int(fail[s])*a.nclass+k]
				a.delta[int(s)*a.nclass+k] = nx
				queue = append(queue, nx)
			} else {
				a.delta[int(s)*a.nclass+k] = a.delta[int(fail[s])*a.nclass+k]
			}
		}
	}
	a.outStart = make([]int32, len(nodes)+1)
	for s, nd := range nodes {
		a.out = append(a.out, nd.out...)
		a.outStart[s+1] = int32(len(a.out))
	}
	return a
}
