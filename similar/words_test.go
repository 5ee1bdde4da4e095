package similar

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/wordlists"
)

// TestIsEnglish checks the word table against the word list: every word,
// and texts near words (a letter more, less, changed; digits, hyphens).
func TestIsEnglish(t *testing.T) {
	words := wordlists.EnglishWords()
	r := rand.New(rand.NewPCG(9, 10))
	for i, w := range words {
		for _, q := range []string{w, w[1:], w + "s", w[:len(w)-1], w + "-", w[:1] + "0" + w[1:], strings.ToUpper(w[:1]) + w[1:], string(rune('a'+r.IntN(26))) + w[1:], ""} {
			if got, want := isEnglish(q), wordlists.IsEnglishWord(q); got != want {
				t.Fatalf("isEnglish(%q) = %v, the word list says %v", q, got, want)
			}
		}
		if i%3 == 0 {
			b := make([]byte, 1+r.IntN(14))
			for j := range b {
				b[j] = "etaoinsrhl"[r.IntN(10)]
			}
			if got, want := isEnglish(string(b)), wordlists.IsEnglishWord(string(b)); got != want {
				t.Fatalf("isEnglish(%q) = %v, the word list says %v", b, got, want)
			}
		}
	}
}
