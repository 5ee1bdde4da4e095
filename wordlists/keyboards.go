package wordlists

import (
	"fmt"
	"maps"
	"strings"
	"sync"
	"unicode/utf8"
)

// layouts are the embedded keyboard layouts, in the order fuzzers use them.
// dnstwist uses the first three; keep them first so its output stays ours.
// jcuken (Russian) holds Cyrillic keys only: it adds typos to Cyrillic brands
// and nothing to Latin ones.
var layouts = []string{"qwerty", "qwertz", "azerty", "jcuken"}

// Layouts names the embedded keyboard layouts, in a fixed order.
func Layouts() []string { return append([]string(nil), layouts...) }

var keyboardData = sync.OnceValue(func() map[string]map[rune]string {
	m := make(map[string]map[rune]string, len(layouts))
	for _, name := range layouts {
		kb, err := parseKeyboard(name, mustData("keyboards/"+name+".txt"))
		if err != nil {
			panic(err)
		}
		m[name] = kb
	}
	return m
})

// Keyboard returns a layout: for each key, the keys around it, as typed without
// modifiers (so a French AZERTY's number row gives é, è, ç, à). The map is the
// caller's to keep or change.
func Keyboard(name string) (map[rune]string, error) {
	kb, ok := keyboardData()[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("wordlists: no keyboard layout %q (have %s)", name, strings.Join(layouts, ", "))
	}
	return maps.Clone(kb), nil
}

// parseKeyboard checks one layout file: "key neighbours", one key a line, every
// key a single lower-case character, no key twice, no key its own neighbour.
func parseKeyboard(name string, lines [][]string) (map[rune]string, error) {
	kb := make(map[rune]string, len(lines))
	for _, l := range lines {
		if len(l) != 2 || utf8.RuneCountInString(l[0]) != 1 {
			return nil, fmt.Errorf("wordlists: keyboard %s: line %q: want a key and its neighbours", name, strings.Join(l, " "))
		}
		k, _ := utf8.DecodeRuneInString(l[0])
		if _, dup := kb[k]; dup {
			return nil, fmt.Errorf("wordlists: keyboard %s: key %q listed twice", name, k)
		}
		seen := map[rune]bool{}
		for _, r := range l[1] {
			if r == k || seen[r] || !labelRune(r) {
				return nil, fmt.Errorf("wordlists: keyboard %s: key %q: neighbour %q repeated, the key itself or not a label character", name, k, r)
			}
			seen[r] = true
		}
		if !labelRune(k) {
			return nil, fmt.Errorf("wordlists: keyboard %s: key %q is not a label character", name, k)
		}
		kb[k] = l[1]
	}
	return kb, nil
}
