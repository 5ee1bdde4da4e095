package similar

import (
	"sync"

	"github.com/lookalike/lookalike/wordlists"
)

// isEnglish is wordlists.IsEnglishWord, asked at every part of a label and
// at many spans of a judged one, of a table that costs one cache line a
// question: a text of up to 24 letters a–z is its own key (5 bits a
// letter, in one word up to 12 letters and two beyond), filed by open
// addressing with what it is (an English word, a keyword, www); any other
// text is asked of the word lists themselves.
func isEnglish(w string) bool {
	f, ok := wordFlags(w)
	if !ok {
		return wordlists.IsEnglishWord(w)
	}
	return f&flagEnglish != 0
}

// isKeyword: w is a phishing keyword of any language (hyphens dropped).
func isKeyword(w string) bool {
	f, ok := wordFlags(w)
	if !ok {
		return keywordSet()[w]
	}
	return f&flagKeyword != 0
}

// wordFlags is what the word table knows of w, or false when w is not 1
// to 24 letters a–z (the table does not hold it: ask the lists).
func wordFlags(w string) (uint64, bool) {
	if len(w) > 24 {
		return 0, false
	}
	k1, ok := packWord(w[:min(len(w), 12)])
	if !ok {
		return 0, false
	}
	if len(w) <= 12 {
		return wordTable().flags(k1), true
	}
	k2, ok := packWord(w[12:])
	if !ok {
		return 0, false
	}
	return wordTable().longFlags(k1, k2), true
}

// What the word table knows of a key, in the bits above it.
const (
	flagEnglish = 1 << 60
	flagKeyword = 1 << 61
	flagWWW     = 1 << 62 // isWWW
	keyBits     = 1<<60 - 1
)

// flags are what the table knows of the key k: 0 for nothing.
func (t *wordKeys) flags(k uint64) uint64 {
	for i := wordSlot(k, t.bits); ; i = (i + 1) & t.mask {
		e := t.keys[i]
		if e&keyBits == k {
			return e &^ keyBits
		}
		if e == 0 {
			return 0
		}
	}
}

// longFlags is flags for a text of 13 to 24 letters: k1 the key of its
// first 12, k2 of the rest.
func (t *wordKeys) longFlags(k1, k2 uint64) uint64 {
	for i := wordSlot(k1^k2*0xC2B2AE3D27D4EB4F, t.lbits); ; i = (i + 1) & t.lmask {
		e := t.long[i]
		if e[0]&keyBits == k1 && e[1] == k2 {
			return e[0] &^ keyBits
		}
		if e[0] == 0 {
			return 0
		}
	}
}

// packWord is the key of a text of up to 12 letters a–z: never 0.
func packWord(w string) (uint64, bool) {
	if len(w) == 0 || len(w) > 12 {
		return 0, false
	}
	var k uint64
	for i := 0; i < len(w); i++ {
		c := w[i] - 'a'
		if c >= 26 {
			return 0, false
		}
		k = k<<5 | uint64(c+1)
	}
	return k, true
}

func wordSlot(k uint64, bits uint) uint64 { return (k * 0x9E3779B97F4A7C15) >> (64 - bits) }

type wordKeys struct {
	keys []uint64 // key | flags; 0: empty
	mask uint64
	bits uint
	// long holds the texts of 13 to 24 letters: the key of the first 12
	// with the flags, and the key of the rest.
	long  [][2]uint64
	lmask uint64
	lbits uint
}

var wordTable = sync.OnceValue(func() *wordKeys {
	add := map[uint64]uint64{}
	long := map[[2]uint64]uint64{}
	file := func(w string, f uint64) {
		if k, ok := packWord(w); ok {
			add[k] |= f
		} else if len(w) > 12 && len(w) <= 24 {
			k1, ok1 := packWord(w[:12])
			k2, ok2 := packWord(w[12:])
			if ok1 && ok2 {
				long[[2]uint64{k1, k2}] |= f
			}
		}
	}
	for _, w := range wordlists.EnglishWords() {
		file(w, flagEnglish)
	}
	for w := range keywordSet() {
		file(w, flagKeyword)
	}
	for _, w := range []string{"www", "ww", "wwww", "http", "https"} {
		file(w, flagWWW)
	}
	t := &wordKeys{bits: 4}
	for 1<<t.bits*3 < 5*len(add) { // at most 60 % full: 1 MB for the words
		t.bits++
	}
	t.keys = make([]uint64, 1<<t.bits)
	t.mask = 1<<t.bits - 1
	for k, f := range add {
		i := wordSlot(k, t.bits)
		for t.keys[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i] = k | f
	}
	t.lbits = 4
	for 1<<t.lbits*3 < 5*len(long) {
		t.lbits++
	}
	t.long = make([][2]uint64, 1<<t.lbits)
	t.lmask = 1<<t.lbits - 1
	for k, f := range long {
		i := wordSlot(k[0]^k[1]*0xC2B2AE3D27D4EB4F, t.lbits)
		for t.long[i][0] != 0 {
			i = (i + 1) & t.lmask
		}
		t.long[i] = [2]uint64{k[0] | f, k[1]}
	}
	return t
})
