package wordlists

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Homophone is a spelling substitution that sounds alike; the generator
// applies it both ways (From -> To and To -> From).
type Homophone struct{ From, To string }

var homophoneData = sync.OnceValue(func() []Homophone {
	h, err := loadHomophones()
	if err != nil {
		panic(err)
	}
	return h
})

func loadHomophones() ([]Homophone, error) {
	const name = "homophones/homophones.txt"
	lines, err := readData(name)
	if err != nil {
		return nil, err
	}
	return parseHomophones(name, lines)
}

func parseHomophones(name string, lines [][]string) ([]Homophone, error) {
	seen := map[Homophone]bool{}
	var out []Homophone
	for _, f := range lines {
		if len(f) != 2 {
			return nil, fmt.Errorf("wordlists: %s: line %q: want \"from to\"", name, strings.Join(f, " "))
		}
		h := Homophone{From: f[0], To: f[1]}
		for _, s := range f {
			if !isLowerAlnum(s) {
				return nil, fmt.Errorf("wordlists: %s: %q must be lower-case ASCII letters or digits", name, s)
			}
		}
		if h.From == h.To {
			return nil, fmt.Errorf("wordlists: %s: %q maps to itself", name, h.From)
		}
		// The generator applies pairs both ways, so a reversed pair is a duplicate.
		if seen[h] || seen[Homophone{From: h.To, To: h.From}] {
			return nil, fmt.Errorf("wordlists: %s: pair %s/%s listed twice", name, h.From, h.To)
		}
		seen[h] = true
		out = append(out, h)
	}
	return out, nil
}

// Homophones returns the sound-alike spelling substitutions for English and
// French, in file order.
func Homophones() []Homophone { return slices.Clone(homophoneData()) }

func isLowerAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
