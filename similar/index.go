package similar

import (
	"bytes"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/lookalike/lookalike/wordlists"
)

// Index finds, for one observed name, the brands worth judging among many
// (1 to 10,000), and judges it against those alone with Brand.JudgeName: the
// same judgement as one brand at a time, at stream speed.
//
// It finds what the judgement can accept without looking at a brand the
// name gives no sign of, for each reading of the brand (as seen, and
// unfolded when it has a letter pair: Brand.plain) and of the name:
//
//   - combo, term, missing-dot, tld-in-label and brand-in-subdomain need the
//     brand's whole visual label (or the term's) in the name: each is found
//     from its first letters (anchor.go);
//   - in a label without hyphens, a typo of the whole label, or among other
//     words (combo-typo, which judge.go asks to start or end its part),
//     starts or ends the label: it is found from a deletion neighbourhood of
//     the label's first and last letters (anchor.go);
//   - in a label with hyphens (or with Unicode letters) a typo may also
//     cross a hyphen anywhere: one Aho–Corasick automaton over pieces of
//     every brand finds them by the pigeonhole principle, a typo within k
//     edits holding one of k+1 pieces unchanged near its place.
//
// The k+1 pieces of a brand are kept one letter apart, so that no edit
// (a letter changed, missing, added, or two neighbours swapped) touches two
// of them; among the ways to cut the brand so, the one whose pieces are the
// rarest in English words is kept (a piece ing or er would be checked at
// every other name). A piece found where it can stand is checked from there
// outwards with align, edits counted as the judgement counts them; in a part
// that is an English word only a typo crossing a hyphen can stand. Only a
// brand that passes is judged.
//
// An Index is read-only once built and safe for concurrent use; each
// goroutine brings its own Scratch.
type Index struct {
	brands []*Brand
	rb     []int32  // each reading's brand
	vis    [][]byte // each reading's visual label, and reversed (building)
	rvis   [][]byte
	find   finders // whole brands and terms; anchored typos (anchor.go)
	arena  []byte  // each reading's visual label and its reverse,
	voff   []int32 // from voff[reading] (also in hits and anchored entries)
	ac     automaton
	pats   []pattern // by pattern id
	hits   []hit     // the pattern's lists, one after the other
}

// pattern is what a piece found in a name can mean: the brands it is a
// piece of, in three lists: of whole-label pieces by their place in the
// brand, of typo pieces by their place from the brand's start, and the same
// by their place from its end.
type pattern struct {
	plen                 int16
	maxOff, maxTail      int16  // the largest off and tail of its typo pieces
	lens                 uint64 // label lengths a whole-label piece may be in
	whole, start, end, e int32  // hits[whole:start] … hits[end:e]
}

type hit struct {
	brand int32  // the reading (Index.rb gives its brand)
	voff  int32  // its visual label in Index.arena, then reversed
	off   int16  // where the piece starts in the brand's visual label
	tail  int16  // the brand's letters after the piece
	vlen  int16  // the brand's visual length
	k     int16  // the edits allowed: whole-label (whole list) or in-token
	set   uint64 // the reading's letter set (letterBit; its a–z in the low 32 bits), so check loads none
}

// Scratch is one goroutine's working memory for Index.Match.
type Scratch struct {
	stamp []uint32 // brand is a candidate of this name (== gen)
	gen   uint32
	cand  []int32
	name  Name
	rev   []byte  // the label's flat visual form, reversed
	cut   []int32 // where the parts between its hyphens start, in flat
	pm    []uint64
	sm    []uint64
	subv  []byte
	subp  []int32
	parts []string // the label's parts as written, between its hyphens
	word  []int8   // each part is an English word: 1, or not: -1; 0 not yet known
}

// NewIndex builds the index of brands. The brands are shared, not copied.
func NewIndex(brands []*Brand) *Index {
	ix := &Index{brands: brands}
	wordTable() // built now, not at the first name
	ids := map[string]int{}
	var pats [][]byte
	var ls []*pieceLists
	at := func(p []byte) *pieceLists {
		id, ok := ids[string(p)]
		if !ok {
			id = len(pats)
			ids[string(p)] = id
			pats = append(pats, p)
			ls = append(ls, &pieceLists{})
		}
		return ls[id]
	}
	add := func(l *[]hit, h hit) {
		if !slices.Contains(*l, h) {
			*l = append(*l, h)
		}
	}
	var exact []whole
	for bi, b0 := range brands {
		// Each reading of the brand: as seen, and unfolded (Brand.plain).
		for _, b := range []*Brand{b0, b0.plain} {
			if b != nil {
				exact = ix.addReading(exact, int32(bi), b, at, add)
			}
		}
	}
	for id, l := range ls {
		slices.SortFunc(l.whole, func(a, b hit) int { return int(a.off) - int(b.off) })
		slices.SortFunc(l.start, func(a, b hit) int { return int(a.off) - int(b.off) })
		slices.SortFunc(l.end, func(a, b hit) int { return int(a.tail) - int(b.tail) })
		p := pattern{plen: int16(len(pats[id])), maxOff: -100, maxTail: -100}
		for _, h := range l.whole {
			p.maxOff = max(p.maxOff, h.off)
			for n := int(h.vlen - h.k); n <= int(h.vlen+h.k); n++ {
				if n >= 0 && n < 64 {
					p.lens |= 1 << uint(n)
				}
			}
		}
		for _, h := range l.start {
			p.maxOff = max(p.maxOff, h.off)
			p.maxTail = max(p.maxTail, h.tail)
		}
		p.whole = int32(len(ix.hits))
		ix.hits = append(ix.hits, l.whole...)
		p.start = int32(len(ix.hits))
		ix.hits = append(ix.hits, l.start...)
		p.end = int32(len(ix.hits))
		ix.hits = append(ix.hits, l.end...)
		p.e = int32(len(ix.hits))
		ix.pats = append(ix.pats, p)
	}
	ix.ac = buildAutomaton(pats)
	ix.find.buildExact(exact)
	ix.find.buildAnchored(ix)
	return ix
}

// pieceLists are a piece's lists of hits while the index is built.
type pieceLists struct{ whole, start, end []hit }

// addReading adds one reading of brand bi (b, or its unfolded reading): its
// visual label and terms as exact patterns, its pieces for typos.
func (ix *Index) addReading(exact []whole, bi int32, b *Brand, at func([]byte) *pieceLists, add func(*[]hit, hit)) []whole {
	for _, t := range b.terms {
		exact = append(exact, whole{brand: bi, pat: t.visual, term: true})
	}
	v := b.visual
	if len(v) == 0 {
		return exact
	}
	i := len(ix.vis)
	r := bytes.Clone(v)
	slices.Reverse(r)
	ix.rb = append(ix.rb, bi)
	ix.vis = append(ix.vis, v)
	ix.rvis = append(ix.rvis, r)
	voff := int32(len(ix.arena))
	ix.voff = append(ix.voff, voff)
	ix.arena = append(append(ix.arena, v...), r...)
	exact = append(exact, whole{brand: bi, pat: v})
	m := len(v)
	// A whole-label typo within k edits is also a typo starting the label
	// within k edits: with the same k the start list finds it.
	if b.wholeLimit > b.tokenLimit {
		for _, p := range pieces(v, b.wholeLimit) {
			l := at(v[p[0]:p[1]])
			add(&l.whole, hit{brand: int32(i), voff: voff, off: int16(p[0]), tail: int16(m - p[1]), vlen: int16(m), k: int16(b.wholeLimit), set: lettersOf(v)})
		}
	}
	if b.tokenLimit > 0 {
		for _, p := range pieces(v, b.tokenLimit) {
			l := at(v[p[0]:p[1]])
			h := hit{brand: int32(i), voff: voff, off: int16(p[0]), tail: int16(m - p[1]), vlen: int16(m), k: int16(b.tokenLimit), set: lettersOf(v)}
			add(&l.start, h)
			add(&l.end, h)
		}
	}
	return exact
}

// pieces cuts v into k+1 pieces of at least 2 letters, one letter or more
// apart, the rarest such cut in English words (the sum of the pieces'
// counts, rare), each given as its [start, end) in v. v must have at least
// 3k+2 letters (limits gives no more edits than that).
func pieces(v []byte, k int) [][2]int {
	n := len(v)
	const inf = 1 << 40
	// best[j][i]: the least cost of j pieces within v[:i], the last ending
	// at i exactly or before it; from[j][i] the last piece's start and end.
	best := make([][]int64, k+2)
	from := make([][][2]int, k+2)
	for j := range best {
		best[j] = make([]int64, n+1)
		from[j] = make([][2]int, n+1)
		for i := range best[j] {
			if j > 0 {
				best[j][i] = inf
			}
		}
	}
	for j := 1; j <= k+1; j++ {
		for i := 1; i <= n; i++ {
			best[j][i], from[j][i] = best[j][i-1], from[j][i-1]
			for a := 0; a+2 <= i; a++ {
				prev := int64(0)
				if j > 1 {
					if a < 1 {
						continue
					}
					prev = best[j-1][a-1] // one letter apart
				}
				if prev >= inf {
					continue
				}
				if c := prev + pieceCost(v[a:i]); c < best[j][i] {
					best[j][i], from[j][i] = c, [2]int{a, i}
				}
			}
		}
	}
	if best[k+1][n] >= inf {
		return [][2]int{{0, n}} // too short to cut: the whole label
	}
	out := make([][2]int, k+1)
	for j, i := k+1, n; j >= 1; j-- {
		p := from[j][i]
		out[j-1] = p
		i = p[0] - 1
	}
	return out
}

// pieceCost is how often p stands in English words: the count of the
// rarest of its 4-letter (or shorter) runs, plus one. Letters outside a–z
// make a piece rare.
func pieceCost(p []byte) int64 {
	g := gramCounts()
	q := min(len(p), 4)
	c := int64(-1)
	for i := 0; i+q <= len(p); i++ {
		k, ok := gramKey(p[i : i+q])
		if !ok {
			return 1
		}
		if x := int64(g[k]); c < 0 || x < c {
			c = x
		}
	}
	return c + 1
}

// gramKey numbers a run of 1 to 4 letters a–z.
func gramKey(p []byte) (int, bool) {
	k := 0
	for _, c := range p {
		if c < 'a' || c > 'z' {
			return 0, false
		}
		k = k*27 + int(c-'a'+1)
	}
	return k, true
}

// gramCounts counts, for each run of 1 to 4 letters, the English words
// that hold it.
var gramCounts = sync.OnceValue(func() []int32 {
	g := make([]int32, 27*27*27*27)
	seen := map[int]bool{}
	for _, w := range wordlists.EnglishWords() {
		clear(seen)
		for q := 1; q <= 4; q++ {
			for i := 0; i+q <= len(w); i++ {
				if k, ok := gramKey([]byte(w[i : i+q])); ok && !seen[k] {
					seen[k] = true
					g[k]++
				}
			}
		}
	}
	return g
})

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
		s.gen = 0
	}
	s.gen++
	if s.gen == 0 { // wrapped: clear
		clear(s.stamp)
		s.gen = 1
	}
	s.cand = s.cand[:0]
	// Each reading of the name: as seen, and unfolded (Name.un).
	ix.label(s, n)
	if n.un != nil {
		ix.label(s, n.un)
	}
	if a := n.alt; a != nil {
		ix.label(s, a)
		if a.un != nil {
			ix.label(s, a.un)
		}
	}
	if n.sub != "" {
		s.subv, s.subp = visual(s.subv, s.subp, n.sub)
		// The judgement compares each label without its hyphens.
		s.subv = slices.DeleteFunc(s.subv, func(c byte) bool { return c == '-' })
		ix.find.exact(s.subv, func(w *whole) {
			if !w.term && s.stamp[w.brand] != s.gen {
				s.add(w.brand)
			}
		})
	}
	start := len(out)
	for _, bi := range s.cand {
		b := ix.brands[bi]
		if m, ok := b.JudgeName(n); ok {
			out = append(out, m)
		}
	}
	if len(out)-start > 1 { // (most names have no match, or one)
		slices.SortStableFunc(out[start:], func(a, b Match) int { return b.Score - a.Score })
	}
	return out
}

// label collects the brands the label of n may imitate.
func (ix *Index) label(s *Scratch, n *Name) {
	s.rev = append(s.rev[:0], n.flat...)
	slices.Reverse(s.rev)
	// The parts of the label, where typos among other words start or end
	// (or cross a hyphen): flat positions after each hyphen. With Unicode
	// letters a visual letter's place in the label is inexact: no parts.
	s.cut = s.cut[:0]
	free := !n.ascii
	if !free && len(n.flat) < len(n.v) { // it has hyphens
		for i, c := range n.v {
			if c == '-' {
				s.cut = append(s.cut, int32(i-len(s.cut)))
			}
		}
	}
	ix.find.exact(n.flat, func(w *whole) {
		if s.stamp[w.brand] != s.gen {
			s.add(w.brand)
		}
	})
	if free || len(s.cut) > 0 {
		s.parts = s.parts[:0]
		if !free {
			for rest := n.ulabel; ; {
				part, after, more := strings.Cut(rest, "-")
				s.parts = append(s.parts, part)
				if !more {
					break
				}
				rest = after
			}
			s.word = append(s.word[:0], make([]int8, len(s.parts))...)
		}
		s.letterSets(n.flat)
		ix.collect(s, n.flat, free)
		return
	}
	// A label without hyphens: its typos start or end it (anchor.go).
	ix.anchored(s, n.flat)
}

// maxTokenLimit is the most edits limits allows a typo among other words.
const maxTokenLimit = 2

func (s *Scratch) add(b int32) {
	s.stamp[b] = s.gen
	s.cand = append(s.cand, b)
}

// part is the start and end of the part of the label that holds [at,
// end), and whether [at, end) crosses a hyphen; i is the part's number.
func (s *Scratch) part(at, end, L int) (ps, pe int, across bool, i int) {
	ps, pe = 0, L
	for i, c := range s.cut {
		switch c := int(c); {
		case c <= at:
			ps = c
		case c < end:
			return 0, L, true, -1
		default:
			return ps, c, false, i
		}
	}
	return ps, pe, false, len(s.cut)
}

// isWord tells whether part i of the label is an English word as written
// (judge.go never reads a typo inside one), asking the word list once.
func (s *Scratch) isWord(i int) bool {
	if s.word[i] == 0 {
		s.word[i] = -1
		if isEnglish(s.parts[i]) {
			s.word[i] = 1
		}
	}
	return s.word[i] > 0
}

// collect adds to s.cand the brands whose pieces occur in text, the
// label's flat visual form, and that pass the check anchored at the piece;
// free says typo pieces are checked wherever they stand.
func (ix *Index) collect(s *Scratch, text []byte, free bool) {
	ac := &ix.ac
	L := len(text)
	var lbit uint64
	if L < 64 {
		lbit = 1 << uint(L)
	}
	abc := uint32(s.pm[len(s.pm)-1]) // the label's letters a–z
	state := int32(0)
	d16, nc := ac.delta16, ac.nclass
	for e, c := range text {
		if d16 != nil {
			state = int32(d16[int(state)*nc+int(ac.class[c])])
		} else {
			state = ac.delta[int(state)*nc+int(ac.class[c])]
		}
		if ac.hasOut[uint32(state)>>6]&(1<<(uint32(state)&63)) == 0 {
			continue
		}
		for _, pid := range ac.out[ac.outStart[state]:ac.outStart[state+1]] {
			p := &ix.pats[pid]
			end := e + 1
			at := end - int(p.plen)
			// Whole-label typos: the piece within k letters of its place.
			if p.lens&lbit != 0 && at-3 <= int(p.maxOff) {
				for _, h := range window(ix.hits[p.whole:p.start], at-3, false) {
					if int(h.off) > at+3 {
						break
					}
					if d := L - int(h.vlen); d > int(h.k) || -d > int(h.k) || bits.OnesCount32(uint32(h.set)&^abc) > int(h.k) || s.stamp[ix.rb[h.brand]] == s.gen {
						continue
					}
					if ix.check(s, text, end, h, 0, L) {
						s.add(ix.rb[h.brand])
					}
				}
			}
			if p.start == p.e {
				continue
			}
			ps, pe, across, pi := 0, L, free, -1
			if !free && len(s.cut) > 0 {
				ps, pe, across, pi = s.part(at, end, L)
			}
			iHi, jLo := ps, pe
			if across {
				ps, iHi = L, L // no bound on the span's start; nor on its end
			}
			// In a part that is an English word only a typo crossing a
			// hyphen counts: over the part's start, or over its end. The
			// word list is asked once a brand is to be checked there (or
			// before, when the part's word is known).
			known := pi < 0
			if !known && s.word[pi] != 0 {
				known = true
				if s.word[pi] > 0 {
					iHi, jLo = ps-1, pe+1
				}
			}
			// Typos starting the part, or reaching over its start into the
			// part before: the span starts at iHi or before, so the brand's
			// start is there or within k letters after.
			if lo := at - iHi - maxTokenLimit; iHi >= 0 && lo <= int(p.maxOff) {
				for _, h := range window(ix.hits[p.start:p.end], lo, false) {
					if int(h.off) > at+maxTokenLimit {
						break
					}
					if bits.OnesCount32(uint32(h.set)&^abc) > int(h.k) || s.stamp[ix.rb[h.brand]] == s.gen {
						continue
					}
					if !known {
						known = true
						if s.isWord(pi) {
							iHi, jLo = ps-1, pe+1
						}
					}
					if iHi < 0 {
						break
					}
					if ix.check(s, text, end, h, iHi, 0) {
						s.add(ix.rb[h.brand])
					}
				}
			}
			if across {
				continue
			}
			// Typos ending it, or reaching over its end: the span ends at
			// pe or after.
			if lo := jLo - end - maxTokenLimit; jLo <= L && lo <= int(p.maxTail) {
				for _, h := range window(ix.hits[p.end:p.e], lo, true) {
					if int(h.tail) > L-end+maxTokenLimit {
						break
					}
					if bits.OnesCount32(uint32(h.set)&^abc) > int(h.k) || s.stamp[ix.rb[h.brand]] == s.gen {
						continue
					}
					if !known {
						known = true
						if s.isWord(pi) {
							jLo = pe + 1
						}
					}
					if jLo > L {
						break
					}
					if ix.check(s, text, end, h, L, jLo) {
						s.add(ix.rb[h.brand])
					}
				}
			}
		}
	}
}

// window is hs from the first hit whose place (off, or tail when byTail)
// is lo or more; hs is sorted by it.
func window(hs []hit, lo int, byTail bool) []hit {
	i, j := 0, len(hs)
	for i < j {
		h := int(uint(i+j) >> 1)
		v := int(hs[h].off)
		if byTail {
			v = int(hs[h].tail)
		}
		if v < lo {
			i = h + 1
		} else {
			j = h
		}
	}
	return hs[i:]
}

// check tells whether the brand of h is within h.k edits of a span
// text[i:j] holding its piece, which ends at text[end-1], with i at most iHi
// and j at least jLo: the edits counted as judge.go counts them (optimal
// string alignment), left and right of the piece apart.
//
// First the places and the letters: with k edits the span starts within k
// letters of where the brand's start falls from the piece, and ends so too;
// each letter of the brand that the span cannot hold, and each letter of
// what the span must hold that the brand lacks, is an edit of its own (s.pm
// and s.sm are the letter sets of text's prefixes and suffixes).
func (ix *Index) check(s *Scratch, text []byte, end int, h hit, iHi, jLo int) bool {
	L, m := len(text), int(h.vlen)
	k := int(h.k)
	off, after := int(h.off), m-int(h.tail)
	start := end - (after - off)
	i0, i1 := max(start-off-k, 0), min(start-off+k, start, iHi)
	j0, j1 := max(end+int(h.tail)-k, end, jLo), min(end+int(h.tail)+k, L)
	if i0 > i1 || j0 > j1 {
		return false
	}
	bm := h.set
	// The letters the span may hold (pm[j1]&sm[i0] holds those of
	// text[i0:j1], and maybe more), and those it must hold: text[i1:j0].
	can, must := s.pm[j1]&s.sm[i0], uint64(0)
	switch {
	case i1 >= j0:
	case i1 == 0:
		must = s.pm[j0]
	case j0 == L:
		must = s.sm[i1]
	default:
		for _, c := range text[i1:j0] {
			must |= letterBit(c)
		}
	}
	if bits.OnesCount64(bm&^can) > k || bits.OnesCount64(must&^bm) > k {
		return false
	}
	o := int(h.voff)
	dl := align(ix.arena[o+m+m-off:o+m+m], s.rev[L-start:L-i0], k, start-i1)
	return dl <= k && align(ix.arena[o+after:o+m], text[end:j1], k-dl, j0-end)+dl <= k
}

// letterBit is a byte's bit in a letter set: a–z and 0–9 each their own,
// other bytes sharing the rest.
func letterBit(c byte) uint64 { return letterBits[c] }

var letterBits = func() (t [256]uint64) {
	for c := range t {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = 1 << (c - 'a')
		case c >= '0' && c <= '9':
			t[c] = 1 << (26 + c - '0')
		default:
			t[c] = 1 << (36 + c%28)
		}
	}
	return t
}()

// letterSets fills s.pm and s.sm for text: pm[i] is the set of text[:i],
// sm[i] of text[i:].
func (s *Scratch) letterSets(text []byte) {
	L := len(text)
	s.pm = slices.Grow(s.pm[:0], L+1)[:L+1]
	s.sm = slices.Grow(s.sm[:0], L+1)[:L+1]
	s.pm[0], s.sm[L] = 0, 0
	pm, sm := s.pm[1:], s.sm[:L] // (pm[i] is s.pm[i+1]: no bounds checks)
	var acc uint64
	for i, c := range text {
		acc |= letterBits[c]
		pm[i] = acc
	}
	acc = 0
	for i := len(sm) - 1; i >= 0; i-- {
		acc |= letterBits[text[i]]
		sm[i] = acc
	}
}

func lettersOf(v []byte) uint64 {
	var m uint64
	for _, c := range v {
		m |= letterBit(c)
	}
	return m
}

// automaton is a dense Aho–Corasick automaton over bytes, its alphabet
// reduced to the bytes the patterns use (every other byte is class 0).
type automaton struct {
	class    [256]uint8
	nclass   int
	delta    []int32  // state*nclass + class → state
	delta16  []uint16 // the same, when the states fit 16 bits (half the cache)
	outStart []int32  // out[outStart[s]:outStart[s+1]]: patterns ending at s
	hasOut   []uint64 // bit s: some pattern ends at s
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
	a.hasOut = make([]uint64, (len(nodes)+63)/64)
	for s, nd := range nodes {
		if len(nd.out) > 0 {
			a.hasOut[s/64] |= 1 << (s % 64)
		}
		a.out = append(a.out, nd.out...)
		a.outStart[s+1] = int32(len(a.out))
	}
	if len(nodes) <= 1<<16 {
		a.delta16 = make([]uint16, len(a.delta))
		for i, s := range a.delta {
			a.delta16[i] = uint16(s)
		}
		a.delta = nil
	}
	return a
}
