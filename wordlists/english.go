package wordlists

import (
	"fmt"
	"slices"
	"sync"
)

// englishData is the embedded English word list (data/english/words.txt,
// SCOWL size 50 through Debian's wamerican) as a sorted slice and a set.
var englishData = sync.OnceValue(func() englishSet {
	s, err := parseEnglish("english/words.txt", mustData("english/words.txt"))
	if err != nil {
		panic(err) // embedded data: TestEnglishWords catches it
	}
	return s
})

type englishSet struct {
	words []string
	set   map[string]struct{}
}

// parseEnglish checks that every line is one word of 3 to 24 lower-case ASCII
// letters, listed once and in sorted order (sorted so a diff of a refresh reads).
func parseEnglish(name string, lines [][]string) (englishSet, error) {
	s := englishSet{set: make(map[string]struct{}, len(lines))}
	for i, f := range lines {
		if len(f) != 1 {
			return englishSet{}, fmt.Errorf("wordlists: %s: entry %d: want one word a line, got %q", name, i+1, f)
		}
		w := f[0]
		if len(w) < 3 || len(w) > 24 || !isLowerAlpha(w) {
			return englishSet{}, fmt.Errorf("wordlists: %s: %q is not 3 to 24 letters a-z", name, w)
		}
		if i > 0 && w <= s.words[i-1] {
			return englishSet{}, fmt.Errorf("wordlists: %s: %q is out of order or repeated (after %q)", name, w, s.words[i-1])
		}
		s.words = append(s.words, w)
		s.set[w] = struct{}{}
	}
	if len(s.words) == 0 {
		return englishSet{}, fmt.Errorf("wordlists: %s holds no words", name)
	}
	return s, nil
}

func isLowerAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// EnglishWords returns the embedded English words (3 to 24 letters a-z,
// sorted). The slice is the caller's.
func EnglishWords() []string { return slices.Clone(englishData().words) }

// IsEnglishWord reports whether w (lower-case) is in the embedded English word
// list. It is safe for concurrent use and allocates nothing.
func IsEnglishWord(w string) bool {
	_, ok := englishData().set[w]
	return ok
}
