package permute

import "unicode/utf8"

// runeLabel is a label encoded once as UTF-8, with the byte offset of each of
// its runes, so that fuzzers cut it only between characters and build every
// variant by copying slices into one reused buffer: no re-encoding, one
// allocation per variant (its string).
type runeLabel struct {
	r   []rune
	b   []byte
	off []int // off[i] is where rune i starts; off[len(r)] == len(b)
}

func newRuneLabel(rs []rune) runeLabel {
	l := runeLabel{r: rs, b: make([]byte, 0, len(rs)+8), off: make([]int, len(rs)+1)}
	for i, r := range rs {
		l.off[i] = len(l.b)
		l.b = utf8.AppendRune(l.b, r)
	}
	l.off[len(rs)] = len(l.b)
	return l
}

// head is the label's first i runes.
func (l *runeLabel) head(i int) []byte { return l.b[:l.off[i]] }

// tail is the label from rune i on.
func (l *runeLabel) tail(i int) []byte { return l.b[l.off[i]:] }

// ldhLower reports whether r may stand in an ASCII label as generated:
// lower-case letter, digit or hyphen.
func ldhLower(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'
}

// keyNeighbours returns the keys next to r on every layout in play, each once,
// in layout order.
func keyNeighbours(kbs []map[rune]string, r rune, dst []rune) []rune {
	dst = dst[:0]
	for _, kb := range kbs {
	next:
		for _, k := range kb[r] {
			for _, d := range dst {
				if d == k {
					continue next
				}
			}
			dst = append(dst, k)
		}
	}
	return dst
}
