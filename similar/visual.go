package similar

import (
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/lookalike/lookalike/permute"
)

// visual writes the form of a label a reader sees, so that lookalikes compare
// equal: each Unicode character becomes its UTS #39 confusables prototype
// without accents (permute.BareSkeleton: "раураl" and "àpple" give "paypal" and
// "apple"), then the ASCII pairs that pass for one letter are folded ("rn" → m,
// "cl" → d, "vv" → w), and a 0, 1, 3, 4, 5 or 7 standing among letters is read
// as the letter it imitates ("d1scord", "int3r4c", "wellsfarg0"), and so is
// a run of two or three such digits between letters ("g00gle"). Any other
// run of digits stays digits ("adobe-06195"): that is a number, not a
// disguise.
//
// pos[i] is the byte offset in label of the character that visual byte i came
// from, and pos[len(out)] is len(label), so that a span found in the visual
// form can be cut from the label as written. Hyphens are kept in place. dst
// and pos are reused.
func visual(dst []byte, pos []int32, label string) ([]byte, []int32) {
	dst, pos, _ = reading(dst, pos, label, true)
	return dst, pos
}

// reading is visual with the letter pairs folded or, without pairs, left as
// they are (the unfolded reading: airfrnce stays one letter short of
// airfrance); folded tells whether a pair was folded.
func reading(dst []byte, pos []int32, label string, pairs bool) (_ []byte, _ []int32, folded bool) {
	dst, pos = dst[:0], pos[:0]
	ascii := true
	for i := 0; i < len(label); i++ {
		if label[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return fold(dst, pos, label, nil, len(label), pairs) // its own skeleton
	}
	// Stage 1: confusables skeleton rune by rune.
	var s1 []byte
	var p1 []int32
	for i, r := range label {
		sk := runeSkeleton(r)
		for j := 0; j < len(sk); j++ {
			s1 = append(s1, sk[j])
			p1 = append(p1, int32(i))
		}
	}
	return fold(dst, pos, s1, p1, len(label), pairs)
}

// fold is visual's second stage over s1, the label's skeleton (p1[i] the
// label's byte offset of s1[i]; nil when s1 is the label): digits among
// letters, and letter pairs.
func fold[T string | []byte](dst []byte, pos []int32, s1 T, p1 []int32, n int, pairs bool) (_ []byte, _ []int32, folded bool) {
	if p1 == nil && len(s1) < len(identity) {
		if digits, pair := foldable(s1, pairs); !pair {
			// No pair to fold: each byte stays in its place, the label
			// its own visual form but for digits read as letters.
			at := len(dst)
			dst = append(dst, s1...)
			pos = append(pos, identity[:len(s1)+1]...)
			for i := 0; digits && i < len(s1); i++ {
				if c := s1[i]; c >= '0' && c <= '9' {
					if l, ok := leet(s1, i); ok {
						dst[at+i] = l
					}
				}
			}
			return dst, pos, false
		}
	}
	return foldEach(dst, pos, s1, p1, n, pairs)
}

// foldEach is fold byte by byte.
func foldEach[T string | []byte](dst []byte, pos []int32, s1 T, p1 []int32, n int, pairs bool) (_ []byte, _ []int32, folded bool) {
	dst = slices.Grow(dst, len(s1))
	pos = slices.Grow(pos, len(s1)+1)
	at := func(i int) int32 {
		if p1 == nil {
			return int32(i)
		}
		return p1[i]
	}
	for i := 0; i < len(s1); i++ {
		c := s1[i]
		switch {
		case c >= '0' && c <= '9':
			if l, ok := leet(s1, i); ok {
				c = l
			}
		case pairs && i+1 < len(s1):
			switch d := s1[i+1]; {
			case c == 'r' && d == 'n':
				c = 'm'
			case c == 'c' && d == 'l':
				c = 'd'
			case c == 'v' && d == 'v':
				c = 'w'
			}
			if c != s1[i] {
				dst = append(dst, c)
				pos = append(pos, at(i))
				folded = true
				i++
				continue
			}
		}
		dst = append(dst, c)
		pos = append(pos, at(i))
	}
	pos = append(pos, int32(n))
	return dst, pos, folded
}

// identity is pos for a text that folds to itself.
var identity = func() (t [256]int32) {
	for i := range t {
		t[i] = int32(i)
	}
	return t
}()

// foldClass marks the bytes fold may change: digits (1), and the first
// letters of the pairs (2).
var foldClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = 1
	}
	t['r'], t['c'], t['v'] = 2, 2, 2
	return t
}()

// foldable tells what fold may change in s: a digit, and (with pairs)
// an rn, cl or vv. (It may also say pair where there is none, after a byte
// 0: fold then reads byte by byte, with the same result.)
func foldable[T string | []byte](s T, pairs bool) (digits, pair bool) {
	if n := len(s); n >= 8 {
		// 8 bytes at a time (the last 8 overlapping), when all are ASCII:
		// a byte 0x30–0x39 sets its top bit in a+0x50 but not in a+0x46
		// (no carry crosses a byte), and x has a zero byte where
		// (x-0x01…)&^x has a top bit; a pair starting at the 8th byte is
		// read by the next 8.
		const ones, tops = 0x0101010101010101, 0x8080808080808080
		var dig, pr uint64
		for i := 0; ; i += 7 {
			i = min(i, n-8)
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if w&tops != 0 {
				return foldableBytes(s, pairs)
			}
			dig |= (w + 0x50*ones) &^ (w + 0x46*ones)
			if pairs {
				nx := w >> 8 // each byte's next (0 after the 8th)
				rn := (w ^ 'r'*ones) | (nx ^ 'n'*ones)
				cl := (w ^ 'c'*ones) | (nx ^ 'l'*ones)
				vv := (w ^ 'v'*ones) | (nx ^ 'v'*ones)
				pr |= (rn-ones)&^rn | (cl-ones)&^cl | (vv-ones)&^vv
			}
			if i+8 >= n {
				break
			}
		}
		return dig&tops != 0, pr&tops != 0
	}
	return foldableBytes(s, pairs)
}

// foldableBytes is foldable byte by byte.
func foldableBytes[T string | []byte](s T, pairs bool) (digits, pair bool) {
	var seen uint8
	if n := len(s); pairs && n > 1 {
		for i := 0; i < n-1; i++ {
			c := s[i]
			seen |= foldClass[c]
			if pairNext[c] == s[i+1] {
				return seen&1 != 0, true
			}
		}
		seen |= foldClass[s[n-1]]
	} else {
		for i := 0; i < len(s); i++ {
			seen |= foldClass[s[i]]
		}
	}
	return seen&1 != 0, false
}

// pairNext is the second letter of the pair fold reads as one that a byte
// starts (rn, cl, vv), or 0.
var pairNext = func() (t [256]byte) {
	t['r'], t['c'], t['v'] = 'n', 'l', 'v'
	return t
}()

// leet reads digit s[i] as a letter when it stands alone among letters: both
// neighbours letters, or (for 0 and 1, which look the most like theirs) one
// neighbour a letter and the other the edge of the label or a hyphen. A run
// of two or three digits reads as letters when each looks like one and
// letters stand on both sides of the run (g00gle, micr050ft); any other
// run is a number (adobe-06195, web365).
func leet[T string | []byte](s T, i int) (byte, bool) {
	l, ok := leetLetter(s[i])
	if !ok {
		return 0, false
	}
	a, b := i, i+1
	for a > 0 && isDigit(s[a-1]) {
		a--
	}
	for b < len(s) && isDigit(s[b]) {
		b++
	}
	if b-a > 1 {
		if b-a > 3 || a == 0 || b == len(s) || !isLetter(s[a-1]) || !isLetter(s[b]) {
			return 0, false
		}
		for j := a; j < b; j++ {
			if _, ok := leetLetter(s[j]); !ok {
				return 0, false
			}
		}
		return l, true
	}
	letter := func(j int) int { // 1 letter, 0 edge or hyphen, -1 other
		if j < 0 || j >= len(s) || s[j] == '-' {
			return 0
		}
		if isLetter(s[j]) {
			return 1
		}
		return -1
	}
	before, after := letter(i-1), letter(i+1)
	switch {
	case before == 1 && after == 1:
		return l, true
	case (l == 'o' || l == 'l') && before+after == 1 && before >= 0 && after >= 0:
		return l, true
	}
	return 0, false
}

// leetLetter is the letter a digit imitates, if any.
func leetLetter(c byte) (byte, bool) {
	switch c {
	case '0':
		return 'o', true
	case '1':
		return 'l', true
	case '3':
		return 'e', true
	case '4':
		return 'a', true
	case '5':
		return 's', true
	case '7':
		return 't', true
	}
	return 0, false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

var skeletonCache sync.Map // rune → string

// runeSkeleton is permute.BareSkeleton of one character, cached: the labels
// of a stream repeat the same few scripts.
func runeSkeleton(r rune) string {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return string(r)
	}
	if s, ok := skeletonCache.Load(r); ok {
		return s.(string)
	}
	s := permute.BareSkeleton(string(r))
	skeletonCache.Store(r, s)
	return s
}

// Visual is the visual form of a label (Unicode or ASCII, not an A-label):
// what two lookalikes have in common. "rnicrosoft", "microsoft" and
// "mіcrosoft" (Cyrillic і) all give "microsoft".
func Visual(label string) string {
	v, _ := visual(nil, nil, label)
	return string(v)
}
