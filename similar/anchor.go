package similar

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
)

// This file holds the index's two finders that need no automaton: the
// brands (and terms) that stand whole in a text, found from their first
// letters, and the typos anchored at an edge of a label without hyphens,
// found from a deletion neighbourhood of the letters at that edge.
//
// The anchored finder rests on one property of edit distance: if a span s
// starting at the anchor is within k edits of the brand b (optimal string
// alignment, as the judgement counts) and both have q+k letters or more,
// then deleting k letters from b's first q+k, and k from s's, gives the
// same q letters for some choice of the deletions (each edit among those
// letters costs at most one deletion on each side — a swap too, as ab and
// ba without their a — and keeping the first q of the rest is deleting the
// others). So each brand is filed under every q-letter subsequence of its
// first q+k letters (5 keys for q = 4 and k = 1), and a label looks up
// the subsequences of its own first q+k letters; the same from the end with
// both reversed. A typo within k edits of a brand of m letters has m-k
// letters or more: q is 4 where m-k ≥ q+k, else 3 (a brand of 5 letters).

// gram3 is the key of three visual bytes: five bits each, a–z their own,
// other bytes sharing the five codes left (a key may stand for several
// texts; the check after it is exact).
func gram3(a, b, c byte) uint16 {
	return code5(a)<<10 | code5(b)<<5 | code5(c)
}

func code5(c byte) uint16 { return uint16(codes[c]) }

var codes = func() (t [256]uint8) {
	for c := range t {
		if c >= 'a' && c <= 'z' {
			t[c] = uint8(c-'a') + 1
		} else {
			t[c] = 27 + uint8(c%5)
		}
	}
	return t
}()

const gramSpace = 1 << 16

// gramTable files entries under 16-bit keys: a bit set says which keys have
// any (8 KB), and the count of set bits before each word of it numbers the
// keys that have some, so that the table stays small enough for the cache.
type gramTable[T any] struct {
	any   [gramSpace / 64]uint64
	rank  [gramSpace / 64]uint16 // keys with entries before any[i]
	start []int32                // entries[start[r]:start[r+1]] for the r-th key with some
	ents  []T
}

func (t *gramTable[T]) has(k uint16) bool { return t.any[k>>6]&(1<<(k&63)) != 0 }

// get is the entries of a key that has some.
func (t *gramTable[T]) get(k uint16) []T {
	w := k >> 6
	r := int(t.rank[w]) + bits.OnesCount64(t.any[w]&(1<<(k&63)-1))
	return t.ents[t.start[r]:t.start[r+1]]
}

type keyed[T any] struct {
	key uint16
	e   T
}

func buildGramTable[T any](items []keyed[T]) gramTable[T] {
	var t gramTable[T]
	slices.SortStableFunc(items, func(a, b keyed[T]) int { return int(a.key) - int(b.key) })
	for _, it := range items {
		t.any[it.key>>6] |= 1 << (it.key & 63)
		t.ents = append(t.ents, it.e)
	}
	n := 0
	for w := range t.any {
		t.rank[w] = uint16(n)
		n += bits.OnesCount64(t.any[w])
	}
	for i, it := range items {
		if i == 0 || it.key != items[i-1].key {
			t.start = append(t.start, int32(i))
		}
	}
	t.start = append(t.start, int32(len(items)))
	return t
}

// subKey is the key of the q letters of p at the places in c: 15 bits
// for 3 letters, and 20 for 4 folded to 16.
func subKey(p []byte, c [4]uint8, q int) uint16 {
	k := uint32(code5(p[c[0]]))<<10 | uint32(code5(p[c[1]]))<<5 | uint32(code5(p[c[2]]))
	if q == 3 {
		return uint16(k)
	}
	k = k<<5 | uint32(code5(p[c[3]]))
	return uint16((k * 0x9E3779B1) >> 16)
}

// combos[n-4][q-3] are the ways to keep q of n letters (4 to 6), in order.
var combos = func() (out [3][2][][4]uint8) {
	for n := 4; n <= 6; n++ {
		for q := 3; q <= 4; q++ {
			var rec func(at int, c [4]uint8, got int)
			rec = func(at int, c [4]uint8, got int) {
				if got == q {
					out[n-4][q-3] = append(out[n-4][q-3], c)
					return
				}
				for i := at; i < n; i++ {
					c[got] = uint8(i)
					rec(i+1, c, got+1)
				}
			}
			rec(0, [4]uint8{}, 0)
		}
	}
	return out
}()

// whole is a brand's label or a term, as the exact finder files it under
// its first letters.
type whole struct {
	brand int32
	pat   []byte
	term  bool // a term of the brand (else the brand's label)
	// head is pat's first 8 bytes (little-endian, fewer when pat is
	// shorter: mask), compared before pat itself is read.
	head, mask uint64
}

// head8 is text's first 8 bytes little-endian, 0 past its end.
func head8(text []byte) uint64 {
	if len(text) >= 8 {
		return binary.LittleEndian.Uint64(text)
	}
	var h uint64
	for i := len(text) - 1; i >= 0; i-- {
		h = h<<8 | uint64(text[i])
	}
	return h
}

// anch is a brand reading filed in an anchored table.
type anch struct {
	brand int32 // the reading's brand
	voff  int32 // its visual label in Index.arena, then reversed
	vlen  int16
	k     int8   // the edits allowed
	token bool   // a typo among words from the anchor (a whole-label one too: same k)
	abc   uint32 // the reading's letters a–z
}

// anchTable is a table of anchored typos, filed by the q-letter
// subsequences of the first (or last) n letters; few holds its entries,
// each once, when they are so few that reading them all costs less than
// the keys (the long brands' typos among words).
type anchTable struct {
	q, n       int
	lmin, lmax int  // the lengths of text any entry can match
	token      bool // some entry is a typo among words
	keys       gramTable[anch]
	few        []anch
}

// fewEntries is the most entries read one by one instead of by key.
const fewEntries = 16

// finders are the index's tables without an automaton.
type finders struct {
	exact3 gramTable[whole] // patterns of 3 letters or more, by their first 3
	exact2 [1024]int32      // patterns of 2 letters: first entry + 1 in two
	two    []whole
	one    [256][]whole // the brands of 1 letter (x.com), by it
	any1   [4]uint64    // the letters in one
	lead   [16]uint64   // the 2-gram keys any pattern of 2 letters or more starts with
	// short marks the 3-gram keys of patterns of 3 letters, four the
	// 4-gram keys (subKey's) of the longer ones: a place whose key has
	// neither holds no pattern.
	short [1 << 15 / 64]uint64
	four  [gramSpace / 64]uint64
	// start and end are the anchored tables, of the label's first letters
	// and of its last, reversed.
	start, end []*anchTable
}

// gram4 is the 16-bit key of a pattern's first four bytes from the key k
// of its first three (gram3) and the fourth, d: subKey's hash.
func gram4(k uint16, d byte) uint16 {
	return uint16(((uint32(k)<<5 | uint32(code5(d))) * 0x9E3779B1) >> 16)
}

func gram2(a, b byte) int { return int(code5(a))<<5 | int(code5(b)) }

// buildExact files the patterns by their first letters.
func (f *finders) buildExact(ws []whole) {
	var items []keyed[whole]
	var twos []whole
	for i := range ws {
		w := &ws[i]
		w.head = head8(w.pat)
		w.mask = 1<<(8*min(len(w.pat), 8)) - 1
		if len(w.pat) >= 8 {
			w.mask = ^uint64(0)
		}
	}
	for _, w := range ws {
		switch {
		case len(w.pat) >= 3:
			k := gram3(w.pat[0], w.pat[1], w.pat[2])
			items = append(items, keyed[whole]{k, w})
			if len(w.pat) == 3 {
				f.short[k>>6] |= 1 << (k & 63)
			} else {
				k4 := gram4(k, w.pat[3])
				f.four[k4>>6] |= 1 << (k4 & 63)
			}
		case len(w.pat) == 2:
			twos = append(twos, w)
		case len(w.pat) == 1 && !w.term:
			f.one[w.pat[0]] = append(f.one[w.pat[0]], w)
			f.any1[w.pat[0]>>6] |= 1 << (w.pat[0] & 63)
		}
		if len(w.pat) >= 2 {
			g := gram2(w.pat[0], w.pat[1])
			f.lead[g>>6] |= 1 << (g & 63)
		}
	}
	f.exact3 = buildGramTable(items)
	slices.SortStableFunc(twos, func(a, b whole) int { return gram2(a.pat[0], a.pat[1]) - gram2(b.pat[0], b.pat[1]) })
	f.two = twos
	for i := len(twos) - 1; i >= 0; i-- {
		f.exact2[gram2(twos[i].pat[0], twos[i].pat[1])] = int32(i) + 1
	}
}

// exact calls fn for each pattern standing whole in text.
func (f *finders) exact(text []byte, fn func(w *whole)) {
	L := len(text)
	if len(f.two) == 0 && f.any1 == [4]uint64{} {
		f.exactLong(text, fn)
		return
	}
	for p := 0; p < L; p++ {
		if c := text[p]; f.any1[c>>6]&(1<<(c&63)) != 0 {
			for i := range f.one[c] {
				fn(&f.one[c][i])
			}
		}
		if p+2 > L {
			break
		}
		g := int(codes[text[p]])<<5 | int(codes[text[p+1]])
		if f.lead[g>>6]&(1<<(g&63)) == 0 {
			continue
		}
		if f.exact2[g] != 0 {
			for j := int(f.exact2[g]) - 1; j < len(f.two); j++ {
				w := &f.two[j]
				if gram2(w.pat[0], w.pat[1]) != g {
					break
				}
				if w.pat[0] == text[p] && w.pat[1] == text[p+1] {
					fn(w)
				}
			}
		}
		if p+3 > L {
			break
		}
		k := uint16(g)<<5 | uint16(codes[text[p+2]])
		if !f.exact3.has(k) {
			continue
		}
		f.atPlace(text, p, k, fn)
	}
}

// atPlace calls fn for each pattern whose first 3 letters, keyed k, stand
// at text[p:] and whose whole text follows (a hit of exact3, which is rare:
// the call is paid only then).
func (f *finders) atPlace(text []byte, p int, k uint16, fn func(w *whole)) {
	L := len(text)
	if f.short[k>>6]&(1<<(k&63)) == 0 {
		if p+4 > L {
			return
		}
		if k4 := gram4(k, text[p+3]); f.four[k4>>6]&(1<<(k4&63)) == 0 {
			return
		}
	}
	ws := f.exact3.get(k)
	h := head8(text[p:])
	for i := range ws {
		w := &ws[i]
		if h&w.mask == w.head && p+len(w.pat) <= L && (len(w.pat) <= 8 || bytes.Equal(text[p+8:p+len(w.pat)], w.pat[8:])) {
			fn(w)
		}
	}
}

// exactLong is exact when every pattern has 3 letters or more: the key of
// each place's first 3 letters rolls on from the last.
func (f *finders) exactLong(text []byte, fn func(w *whole)) {
	L := len(text)
	if L < 3 {
		return
	}
	k := uint16(codes[text[0]])<<5 | uint16(codes[text[1]])
	for p, c := range text[2:] { // c is text[p+2]
		k = (k<<5 | uint16(codes[c])) & (1<<15 - 1)
		if g := k >> 5; f.lead[g>>6]&(1<<(g&63)) == 0 || !f.exact3.has(k) {
			continue
		}
		f.atPlace(text, p, k, fn)
	}
}

// buildAnchored files the readings' typo keys.
//
// A whole-label typo within k edits (k up to 3) is filed under the keys of
// 1 edit only, at the start and at the end. Once each edit has taken its
// letter from each side, the label and the brand have m-k letters or more
// in common (m the brand's length, 8 or more when k ≥ 2); with 2q of them,
// the letters before the q-th common one from the start, and those after
// the q-th from the end, are apart, and an edit takes letters beside one
// common letter only; were there 2 edits among each end, there would be 4.
// So one end or the other holds at most 1 edit.
func (f *finders) buildAnchored(ix *Index) {
	type table struct{ q, n int }
	var order []table
	st, en := map[table][]keyed[anch]{}, map[table][]keyed[anch]{}
	for r, v := range ix.vis {
		m := len(v)
		voff := ix.voff[r]
		wk, tk := limits(m)
		abc := uint32(lettersOf(v))
		file := func(k, under, q int, token bool) {
			if k == 0 {
				return
			}
			tb := table{q, q + under}
			if _, ok := st[tb]; !ok {
				order = append(order, tb)
			}
			e := anch{brand: ix.rb[r], voff: voff, vlen: int16(m), k: int8(k), token: token, abc: abc}
			for _, c := range combos[tb.n-4][q-3] {
				st[tb] = append(st[tb], keyed[anch]{subKey(v, c, q), e})
			}
			if token || k > 1 {
				for _, c := range combos[tb.n-4][q-3] {
					en[tb] = append(en[tb], keyed[anch]{subKey(ix.rvis[r], c, q), e})
				}
			}
		}
		// A typo among words has m-tk letters or more: q+tk of them, or
		// (one edit, m = 5) q, the brand without a letter (fromEdge).
		q := 4
		file(tk, tk, q, true)
		if wk > tk {
			// The label and the brand have m-wk letters or more in
			// common: 2q of them, for the start and end apart.
			q = 3
			if m-wk >= 8 {
				q = 4
			}
			file(wk, 1, q, false)
		}
	}
	slices.SortFunc(order, func(a, b table) int { return a.n - b.n })
	for _, tb := range order {
		for _, side := range []struct {
			items []keyed[anch]
			to    *[]*anchTable
		}{{st[tb], &f.start}, {en[tb], &f.end}} {
			if len(side.items) == 0 {
				continue
			}
			t := &anchTable{q: tb.q, n: tb.n, lmin: 1 << 30}
			for _, it := range side.items {
				m, k := int(it.e.vlen), int(it.e.k)
				t.lmin = min(t.lmin, m-k)
				if it.e.token {
					t.lmax, t.token = 1<<30, true
				} else {
					t.lmax = max(t.lmax, m+k)
				}
				if !slices.Contains(t.few, it.e) {
					t.few = append(t.few, it.e)
				}
			}
			if len(t.few) > fewEntries {
				t.few = nil
				t.keys = buildGramTable(side.items)
			}
			*side.to = append(*side.to, t)
		}
	}
}

// anchored adds to s.cand the brands with a typo anchored at an edge of
// the label or of a part of it: a whole-label typo (the flat form's start
// and end) or a typo among words starting or ending a part. text is the
// label's flat visual form, s.rev the same reversed, s.cut where its parts
// start.
func (ix *Index) anchored(s *Scratch, text []byte) {
	L := len(text)
	var all uint32
	for _, c := range text {
		all |= uint32(letterBit(c))
	}
	ix.fromEdge(s, text, all, ix.find.start, true, false)
	ix.fromEdge(s, s.rev, all, ix.find.end, true, true)
	for _, c := range s.cut {
		if c := int(c); c > 0 && c < L {
			ix.fromEdge(s, text[c:], all, ix.find.start, false, false)
			ix.fromEdge(s, s.rev[L-c:], all, ix.find.end, false, true)
		}
	}
}

// fromEdge checks the brands of the tables against the spans that start
// t (the label's flat form from an anchor, or, rev, reversed up to it; all
// the letters of the label): each
// brand whose keys the first letters of t have, within its k edits; and
// when whole, the whole of t for a whole-label typo. (A key met twice
// checks twice: cheaper than keeping keys apart.)
func (ix *Index) fromEdge(s *Scratch, t []byte, all uint32, tables []*anchTable, whole, rev bool) {
	L := len(t)
	miss := ^all // the letters the label lacks
	var code [6]uint16
	if L >= 6 { // (one bounds check, not six)
		t := t[:6]
		code = [6]uint16{code5(t[0]), code5(t[1]), code5(t[2]), code5(t[3]), code5(t[4]), code5(t[5])}
	} else {
		for i := range L {
			code[i] = code5(t[i])
		}
	}
	for _, tb := range tables {
		n := tb.n
		if L < tb.lmin || L > tb.lmax || !whole && !tb.token {
			continue
		}
		if tb.few != nil {
			few := tb.few
			for i := range few {
				if e := &few[i]; bits.OnesCount32(e.abc&miss) <= int(e.k) {
					ix.checkAnchored(s, t, all, e, whole, rev)
				}
			}
			continue
		}
		if L >= n && n == tb.q+1 {
			// The keys of the first q+1 letters without one, in the
			// order of combos.
			var keys [5]uint16
			a, b, c, d := code[0], code[1], code[2], code[3]
			nk := 4
			if n == 4 {
				keys = [5]uint16{a<<10 | b<<5 | c, a<<10 | b<<5 | d, a<<10 | c<<5 | d, b<<10 | c<<5 | d}
			} else {
				e := uint32(code[4])
				a, b, c, d := uint32(a), uint32(b), uint32(c), uint32(d)
				for i, k := range [5]uint32{a<<15 | b<<10 | c<<5 | d, a<<15 | b<<10 | c<<5 | e, a<<15 | b<<10 | d<<5 | e, a<<15 | c<<10 | d<<5 | e, b<<15 | c<<10 | d<<5 | e} {
					keys[i] = uint16((k * 0x9E3779B1) >> 16)
				}
				nk = 5
			}
			for _, key := range keys[:nk] {
				if !tb.keys.has(key) {
					continue
				}
				es := tb.keys.get(key)
				for i := range es {
					if e := &es[i]; bits.OnesCount32(e.abc&miss) <= int(e.k) {
						ix.checkAnchored(s, t, all, e, whole, rev)
					}
				}
			}
			continue
		}
		cs := combos[n-4][tb.q-3]
		if L < n {
			if L != n-1 || n != tb.q+1 {
				continue // no typo of these brands is so short
			}
			// A typo of one edit as short as this is the brand without
			// a letter, one of its keys of q letters: t itself.
			cs = combos[0][tb.q-3][:1]
		}
		for _, c := range cs {
			key := code[c[0]]<<10 | code[c[1]]<<5 | code[c[2]]
			if tb.q == 4 {
				key = uint16(((uint32(key)<<5 | uint32(code[c[3]])) * 0x9E3779B1) >> 16)
			}
			if !tb.keys.has(key) {
				continue
			}
			es := tb.keys.get(key)
			for i := range es {
				if e := &es[i]; bits.OnesCount32(e.abc&miss) <= int(e.k) {
					ix.checkAnchored(s, t, all, e, whole, rev)
				}
			}
		}
	}
}

// checkAnchored is fromEdge's check of one reading, its letters found in
// the label, against the spans that start t.
func (ix *Index) checkAnchored(s *Scratch, t []byte, all uint32, e *anch, whole, rev bool) {
	b := e.brand
	k := int(e.k)
	L, m := len(t), int(e.vlen)
	if s.stamp[b] == s.gen || m-k > L {
		return
	}
	// The reading as t reads it: forwards from a start, reversed from an
	// end (its keys were filed so).
	o := int(e.voff)
	if rev {
		o += m
	}
	v := ix.arena[o : o+m]
	if !e.token {
		if d := L - m; whole && d <= k && -d <= k && bits.OnesCount32(all&^e.abc) <= k && align(v, t, k, L) <= k {
			s.add(b)
		}
		return
	}
	// A span of t within k edits has m-k to m+k letters: each letter of
	// its shortest that the brand lacks is an edit, and each letter of
	// the brand that its longest reach lacks.
	var has uint32
	for _, c := range t[:m-k] {
		has |= uint32(letterBits[c])
	}
	if bits.OnesCount32(has&^e.abc) > k {
		return
	}
	for _, c := range t[m-k : min(L, m+k)] {
		has |= uint32(letterBits[c])
	}
	if bits.OnesCount32(e.abc&^has) <= k && align(v, t, k, 0) <= k {
		s.add(b)
	}
}
