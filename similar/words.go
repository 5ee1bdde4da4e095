package similar

import (
	"sync"

	"github.com/lookalike/lookalike/wordlists"
)

// isEnglish is wordlists.IsEnglishWord, asked at every part of a label and
// at many spans of a judged one, in a table that costs one cache line a
// question: a word of up to 12 letters a–z is its own key (5 bits a
// letter), filed by open addressing; any other text is asked of the word
// list itself.
func isEnglish(w string) bool {
	k, ok := packWord(w)
	if !ok {
		return wordlists.IsEnglishWord(w)
	}
	t := wordTable()
	for i := wordSlot(k, t.bits); ; i = (i + 1) & t.mask {
		switch t.keys[i] {
		case k:
			return true
		case 0:
			return false
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
	keys []uint64 // 0: empty
	mask uint64
	bits uint
}

var wordTable = sync.OnceValue(func() wordKeys {
	var ks []uint64
	for _, w := range wordlists.EnglishWords() {
		if k, ok := packWord(w); ok {
			ks = append(ks, k)
		}
	}
	t := wordKeys{bits: 4}
	for 1<<t.bits < 2*len(ks) {
		t.bits++
	}
	t.keys = make([]uint64, 1<<t.bits)
	t.mask = 1<<t.bits - 1
	for _, k := range ks {
		i := wordSlot(k, t.bits)
		for t.keys[i] != 0 && t.keys[i] != k {
			i = (i + 1) & t.mask
		}
		t.keys[i] = k
	}
	return t
})
