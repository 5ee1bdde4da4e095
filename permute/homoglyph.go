package permute

import (
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/wordlists"
)

// fuzzHomoglyph puts lookalike characters in place of the brand's: ASCII ones
// everywhere (rn for m, 0 for o, cl for d, vv for w …) and Unicode ones only
// where the TLD's registry sells them (à for a under .fr, ö under .de, none
// under .uk).
//
// It makes every name that dnstwist 20221213 and 20250130 make, and then some.
// One substitution puts one lookalike in place of a run of occurrences of one
// character (the first o, the second, or both in google), or in place of a
// sequence (rn → m, ae → æ). Like dnstwist it applies two substitutions in a
// row, the second to the result of the first, so that m → rn → rñ comes out
// too. The volume stays in the thousands for a ten-letter .com brand; a label
// of many repeated letters would reach millions, so homoglyphMax caps it.
func fuzzHomoglyph(c *fuzzCtx, emit emitFunc) {
	if len(c.label) == 0 {
		return
	}
	t := glyphsFor(c.brand.TLD())
	seen := make(map[string]struct{}, 1024)
	brand := string(c.label)
	var round1 []string
	collect, emitted := true, 0
	out := func(b []byte) bool {
		if _, dup := seen[string(b)]; dup {
			return true
		}
		if emitted == homoglyphMax {
			return false
		}
		s := string(b)
		seen[s] = struct{}{}
		if s == brand {
			return true
		}
		if collect {
			round1 = append(round1, s)
		}
		// One ASCII lookalike (paypa1, arnazon) is what squatters put under
		// cheap TLDs too; two substitutions and Unicode stay at home.
		emit(variant{label: s, abuse: collect && names.IsASCII(s)})
		emitted++
		return true
	}
	buf, more := t.substitute(c.label, nil, out)
	collect = false
	var rs []rune
	for _, s := range round1 {
		if !more {
			return
		}
		rs = append(rs[:0], []rune(s)...)
		buf, more = t.substitute(rs, buf, out)
	}
}

// homoglyphMax caps the names one brand gets from fuzzHomoglyph, to keep the
// nightly set of a long .com brand within hours of resolving: microsoft.com
// gets 8,177, bankofamerica.com 29,687, mississippi.com 44,506 (all in full);
// internationalairlines.com stops at the cap, aaaaaaaaaaaaaaaa.com would get
// millions.
const homoglyphMax = 50_000

// glyphTable is what fuzzHomoglyph may put in place of what, for one TLD.
type glyphTable struct {
	single map[rune][]string // one character → its lookalikes
	seqs   []glyphSeq        // sequences, longest first, then in byte order
}

type glyphSeq struct {
	key  []rune
	repl []string
}

type glyphData struct {
	ascii   map[string][]string
	unicode map[rune][]rune
	seq     map[string][]rune
}

// rawGlyphs holds the embedded tables, loaded once per process.
var rawGlyphs = sync.OnceValue(func() glyphData {
	return glyphData{
		ascii:   wordlists.ASCIIHomoglyphs(),
		unicode: wordlists.UnicodeHomoglyphs(),
		seq:     wordlists.SequenceHomoglyphs(),
	}
})

// glyphCache keeps one table per TLD for the life of the process: a TLD's
// repertoire can hold thousands of code points (.com sells Chinese), too many
// to sift again for every brand. Tables are read-only once built.
var glyphCache struct {
	sync.Mutex
	m map[string]*glyphTable
}

func glyphsFor(tld string) *glyphTable {
	glyphCache.Lock()
	defer glyphCache.Unlock()
	if t, ok := glyphCache.m[tld]; ok {
		return t
	}
	if glyphCache.m == nil {
		glyphCache.m = map[string]*glyphTable{}
	}
	t := buildGlyphs(tld)
	glyphCache.m[tld] = t
	return t
}

// buildGlyphs keeps the Unicode lookalikes the TLD's IDN repertoire holds. Map
// iteration is random, so every list is built in a fixed order: the fuzzer's
// output order is part of the contract.
func buildGlyphs(tld string) *glyphTable {
	raw := rawGlyphs()
	allowed := make(map[rune]bool)
	for _, r := range wordlists.IDNRepertoire(tld) {
		allowed[r] = true
	}
	t := &glyphTable{single: make(map[rune][]string, len(raw.ascii)+len(raw.unicode))}
	seqs := map[string][]string{}
	for _, k := range sortedKeys(raw.ascii) {
		if utf8.RuneCountInString(k) == 1 {
			r, _ := utf8.DecodeRuneInString(k)
			t.single[r] = append(t.single[r], raw.ascii[k]...)
		} else {
			seqs[k] = append(seqs[k], raw.ascii[k]...)
		}
	}
	// A registry that once sold every label (.com, .net before 2005) takes
	// every lookalike: the names that mix scripts exist there, and the engine
	// marks the ones not sold today.
	once := wordlists.IDNOnceSold(tld)
	if once {
		for _, gs := range raw.unicode {
			for _, g := range gs {
				allowed[g] = true
			}
		}
		for k := range raw.unicode {
			allowed[k] = true
		}
		for _, gs := range raw.seq {
			for _, g := range gs {
				allowed[g] = true
			}
		}
	}
	for _, k := range sortedKeys(raw.unicode) {
		if k >= utf8.RuneSelf && !allowed[k] {
			continue // only an IDN brand holds it, and its registry sells it
		}
		for _, g := range raw.unicode[k] {
			if g < utf8.RuneSelf || allowed[g] {
				t.single[k] = append(t.single[k], string(g))
			}
		}
	}
	for _, k := range sortedKeys(raw.seq) {
		for _, g := range raw.seq[k] {
			if allowed[g] {
				seqs[k] = append(seqs[k], string(g))
			}
		}
	}
	for _, k := range sortedKeys(seqs) {
		t.seqs = append(t.seqs, glyphSeq{key: []rune(k), repl: seqs[k]})
	}
	slices.SortStableFunc(t.seqs, func(a, b glyphSeq) int { return len(b.key) - len(a.key) })
	return t
}

func sortedKeys[K rune | string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// substitute calls out with every result of one substitution in s: each
// lookalike of a character put in place of every run of its occurrences
// (positions k..l of that character, consecutive among its occurrences), and
// each lookalike of a sequence put in place of one occurrence of it. dnstwist
// 20221213 replaces a character's occurrences inside a window of the label,
// which is one of these runs; 20250130 replaces one character, two equal
// neighbours or a two-letter sequence, which are too.
func (t *glyphTable) substitute(s []rune, buf []byte, out func([]byte) bool) ([]byte, bool) {
	var pos []int
	for i, c := range s {
		gs := t.single[c]
		if len(gs) == 0 || slices.Index(s, c) != i {
			continue // no lookalike, or this character was done at its first occurrence
		}
		pos = pos[:0]
		for j := i; j < len(s); j++ {
			if s[j] == c {
				pos = append(pos, j)
			}
		}
		for a := range pos {
			for b := a; b < len(pos); b++ {
				for _, g := range gs {
					buf = buf[:0]
					for j, r := range s {
						if j >= pos[a] && j <= pos[b] && r == c {
							buf = append(buf, g...)
						} else {
							buf = utf8.AppendRune(buf, r)
						}
					}
					if !out(buf) {
						return buf, false
					}
				}
			}
		}
	}
	for _, q := range t.seqs {
		for i := 0; i+len(q.key) <= len(s); i++ {
			if !slices.Equal(s[i:i+len(q.key)], q.key) {
				continue
			}
			for _, g := range q.repl {
				buf = buf[:0]
				for _, r := range s[:i] {
					buf = utf8.AppendRune(buf, r)
				}
				buf = append(buf, g...)
				for _, r := range s[i+len(q.key):] {
					buf = utf8.AppendRune(buf, r)
				}
				if !out(buf) {
					return buf, false
				}
			}
		}
	}
	return buf, true
}
