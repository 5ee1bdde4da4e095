package similar

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/wordlists"
)

// TestIsEnglish checks the word table against the word lists: every
// English word and keyword, and texts near them (a letter more, less,
// changed; digits, hyphens), asked as words, keywords, www and pieces.
func TestIsEnglish(t *testing.T) {
	words := wordlists.EnglishWords()
	for w := range keywordSet() {
		words = append(words, w)
	}
	words = append(words, "www", "ww", "wwww", "http", "https", "www2", "s", "365", "a")
	r := rand.New(rand.NewPCG(9, 10))
	check := func(q string) {
		t.Helper()
		if got, want := isEnglish(q), wordlists.IsEnglishWord(q); got != want {
			t.Fatalf("isEnglish(%q) = %v, the word list says %v", q, got, want)
		}
		if got, want := isKeyword(q), keywordSet()[q]; got != want {
			t.Fatalf("isKeyword(%q) = %v, the keywords say %v", q, got, want)
		}
		www := false
		switch strings.TrimRight(q, "0123456789") {
		case "www", "ww", "wwww", "http", "https":
			www = true
		}
		if got := isWWW(q); got != www {
			t.Fatalf("isWWW(%q) = %v, want %v", q, got, www)
		}
		digits := isDigits(q)
		if got, want := piece(q), digits || keywordSet()[q] || www || len(q) >= 3 && wordlists.IsEnglishWord(q); got != want {
			t.Fatalf("piece(%q) = %v, want %v", q, got, want)
		}
		if _, want := explain(q); explained(q) != want {
			t.Fatalf("explained(%q) = %v, explain says %v", q, !want, want)
		}
		if got, want := known(q), digits || keywordSet()[q] || www || wordlists.IsEnglishWord(q); got != want {
			t.Fatalf("known(%q) = %v, want %v", q, got, want)
		}
	}
	for i, w := range words {
		if w == "" {
			continue
		}
		for _, q := range []string{w, w[1:], w + "s", w[:len(w)-1], w + "-", w + "7", w[:1] + "0" + w[1:], strings.ToUpper(w[:1]) + w[1:], string(rune('a'+r.IntN(26))) + w[1:], ""} {
			check(q)
		}
		if i%3 == 0 {
			b := make([]byte, 1+r.IntN(14))
			for j := range b {
				b[j] = "etaoinsrhl"[r.IntN(10)]
			}
			check(string(b))
			check(w + words[(i*7919)%len(words)] + string(b[:1]))
		}
	}
}
