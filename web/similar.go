package web

import (
	"math"
	"math/bits"
	"slices"
	"strings"
)

// Fingerprint is a page's shape, small enough to keep beside a finding: a
// 128-bit simhash of its text and the set of its tag paths.
//
// Simhash (Charikar, 2002) makes near-duplicate texts land on nearby bit
// strings: every shingle votes on every bit, so changing a few shingles
// flips few bits. The tag paths are compared as a set (Jaccard): a phishing
// kit rewrites the words of the brand's page but keeps its markup, forms and
// all, so the structure is what still gives it away.
type Fingerprint struct {
	// Text is the simhash of the page's 3-word shingles; zero without text.
	Text [2]uint64
	// Words is how many words the text had.
	Words int
	// Structure holds the hashes of the page's tag paths (parent>parent>tag),
	// sorted, each once, at most maxStructure.
	Structure []uint32
}

const (
	maxStructure = 4096
	shingleWords = 3
)

// IsZero reports whether the fingerprint came from no HTML at all.
func (f Fingerprint) IsZero() bool { return f.Words == 0 && len(f.Structure) == 0 }

type shingler struct {
	paths map[uint32]bool
	words int
	vote  [128]int
}

func newShingler() *shingler { return &shingler{paths: map[uint32]bool{}} }

// tag records the element name under the two innermost open elements.
func (s *shingler) tag(stack []string, name string) {
	if len(s.paths) >= maxStructure {
		return
	}
	path := name
	for i := len(stack) - 1; i >= 0 && i >= len(stack)-2; i-- {
		path = stack[i] + ">" + path
	}
	s.paths[uint32(hash64(path, 0))] = true
}

// text adds the simhash votes of the text's word shingles.
func (s *shingler) text(t string) {
	words := strings.Fields(strings.ToLower(t))
	s.words = len(words)
	if len(words) == 0 {
		return
	}
	n := shingleWords
	if len(words) < n {
		n = len(words)
	}
	for i := 0; i+n <= len(words); i++ {
		sh := strings.Join(words[i:i+n], " ")
		for half := range 2 {
			h := hash64(sh, uint64(half)+1)
			for b := range 64 {
				if h&(1<<b) != 0 {
					s.vote[half*64+b]++
				} else {
					s.vote[half*64+b]--
				}
			}
		}
	}
}

func (s *shingler) fingerprint() Fingerprint {
	f := Fingerprint{Words: s.words}
	if s.words > 0 {
		for i, v := range s.vote {
			if v > 0 {
				f.Text[i/64] |= 1 << (i % 64)
			}
		}
	}
	f.Structure = make([]uint32, 0, len(s.paths))
	for h := range s.paths {
		f.Structure = append(f.Structure, h)
	}
	slices.Sort(f.Structure)
	return f
}

// hash64 is FNV-1a with a seed mixed in first, so that the two halves of the
// simhash vote independently.
func hash64(s string, seed uint64) uint64 {
	h := uint64(14695981039346656037) ^ (seed * 0x9e3779b97f4a7c15)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	// A final mix: FNV's low bits are weak for short inputs.
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// Similarity is 0–100: how close page a is to page b, the mean of the text
// closeness (simhash) and the structure closeness (Jaccard of tag paths).
// An exact copy is 100; two unrelated pages are near 0.
func Similarity(a, b Fingerprint) int {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	return int(math.Round(100 * (textCloseness(a, b) + structCloseness(a, b)) / 2))
}

// textCloseness maps the simhash distance to 0–1: 0 bits apart is 1, the
// 64 bits that two unrelated texts differ by on average is 0.
func textCloseness(a, b Fingerprint) float64 {
	switch {
	case a.Words == 0 && b.Words == 0:
		return 1
	case a.Words == 0 || b.Words == 0:
		return 0
	}
	d := bits.OnesCount64(a.Text[0]^b.Text[0]) + bits.OnesCount64(a.Text[1]^b.Text[1])
	return max(0, 1-float64(d)/64)
}

func structCloseness(a, b Fingerprint) float64 {
	if len(a.Structure) == 0 && len(b.Structure) == 0 {
		return 1
	}
	inter, i, j := 0, 0, 0
	for i < len(a.Structure) && j < len(b.Structure) {
		switch {
		case a.Structure[i] == b.Structure[j]:
			inter++
			i++
			j++
		case a.Structure[i] < b.Structure[j]:
			i++
		default:
			j++
		}
	}
	union := len(a.Structure) + len(b.Structure) - inter
	return float64(inter) / float64(union)
}
