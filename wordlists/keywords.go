package wordlists

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
)

// Keyword is a word attackers combine with a brand ("brand-support",
// "brandlogin", "remboursement-brand").
type Keyword struct {
	Word     string // lower-case LDH ASCII ("websupport", "remboursement", "kundenservice")
	Lang     string // "en", "fr", "de", "es", "it", "nl", "pt", ...
	Category string // support, login, account, refund, claim, delivery, billing, payment, ...
	Core     bool   // combined with the TLD-swap set by default
}

// ErrUnknownLanguage is returned (wrapped) by Keywords for a language that has
// no embedded keyword list; callers treat it as a usage error.
var ErrUnknownLanguage = errors.New("unknown keyword language")

// keywordCategories is the closed set of categories a keyword file may use, so
// a typo in a data file fails the tests instead of creating a new category.
var keywordCategories = []string{
	"account", "alert", "app", "billing", "booking", "careers", "claim",
	"contact", "delivery", "device", "event", "generic", "gift", "legal",
	"location", "login", "mail", "news", "payment", "promo", "refund",
	"region", "security", "shop", "support", "update", "verify", "web",
}

type keywordSet struct {
	langs  []string             // sorted
	byLang map[string][]Keyword // file order
}

var keywordData = sync.OnceValue(func() keywordSet {
	ks, err := loadKeywords()
	if err != nil {
		panic(err)
	}
	return ks
})

func loadKeywords() (keywordSet, error) {
	entries, err := dataFS.ReadDir("data/keywords")
	if err != nil {
		return keywordSet{}, fmt.Errorf("wordlists: list keyword files: %w", err)
	}
	ks := keywordSet{byLang: map[string][]Keyword{}}
	for _, e := range entries {
		lang, ok := strings.CutSuffix(e.Name(), ".txt")
		if e.IsDir() || !ok {
			continue
		}
		lines, err := readData(path.Join("keywords", e.Name()))
		if err != nil {
			return keywordSet{}, err
		}
		kws, err := parseKeywords(lang, lines)
		if err != nil {
			return keywordSet{}, err
		}
		ks.langs = append(ks.langs, lang)
		ks.byLang[lang] = kws
	}
	slices.Sort(ks.langs)
	return ks, nil
}

// parseKeywords reads "word category [core]" lines of one language file.
func parseKeywords(lang string, lines [][]string) ([]Keyword, error) {
	if !isLowerLDH(lang) || len(lang) < 2 || len(lang) > 3 {
		return nil, fmt.Errorf("wordlists: keyword file %q: name it after an ISO 639-1 code such as fr.txt", lang)
	}
	seen := map[string]bool{}
	var kws []Keyword
	for _, f := range lines {
		if len(f) < 2 || len(f) > 3 || (len(f) == 3 && f[2] != "core") {
			return nil, fmt.Errorf("wordlists: keywords/%s.txt: line %q: want \"word category [core]\"", lang, strings.Join(f, " "))
		}
		w, cat := f[0], f[1]
		if !isLowerLDH(w) || len(w) > 63 {
			return nil, fmt.Errorf("wordlists: keywords/%s.txt: %q is not a lower-case LDH label: transliterate accents (é -> e, ü -> ue)", lang, w)
		}
		if !slices.Contains(keywordCategories, cat) {
			return nil, fmt.Errorf("wordlists: keywords/%s.txt: %q has unknown category %q; use one of %s", lang, w, cat, strings.Join(keywordCategories, " "))
		}
		if seen[w] {
			return nil, fmt.Errorf("wordlists: keywords/%s.txt: %q listed twice", lang, w)
		}
		seen[w] = true
		kws = append(kws, Keyword{Word: w, Lang: lang, Category: cat, Core: len(f) == 3})
	}
	if len(kws) == 0 {
		return nil, fmt.Errorf("wordlists: keywords/%s.txt has no keywords", lang)
	}
	return kws, nil
}

// KeywordLanguages lists the languages that have a keyword list, sorted.
func KeywordLanguages() []string {
	return slices.Clone(keywordData().langs)
}

// Keywords returns the keywords of langs, in the order of langs and in file
// order within a language, without repeating a word (the first occurrence wins,
// so put the brand's main market first). "all" stands for every language,
// English first and the others alphabetically. Language codes are matched
// case-insensitively.
func Keywords(langs ...string) ([]Keyword, error) {
	ks := keywordData()
	var order []string
	for _, l := range langs {
		l = strings.ToLower(strings.TrimSpace(l))
		switch {
		case l == "all":
			if slices.Contains(ks.langs, "en") {
				order = append(order, "en")
			}
			for _, x := range ks.langs {
				if x != "en" {
					order = append(order, x)
				}
			}
		case ks.byLang[l] != nil:
			order = append(order, l)
		default:
			return nil, fmt.Errorf("wordlists: %w %q: choose from %s, or all", ErrUnknownLanguage, l, strings.Join(ks.langs, ", "))
		}
	}
	seen := map[string]bool{}
	var out []Keyword
	for _, l := range order {
		for _, k := range ks.byLang[l] {
			if !seen[k.Word] {
				seen[k.Word] = true
				out = append(out, k)
			}
		}
	}
	return out, nil
}

// isLowerLDH reports whether s is a non-empty lower-case letters-digits-hyphen
// label that neither starts nor ends with a hyphen.
func isLowerLDH(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// KeywordPair is two keywords that go beside a brand at once, in this order
// ("account", "verify": brand-account-verify).
type KeywordPair struct{ First, Second string }

var keywordPairs = sync.OnceValue(func() []KeywordPair {
	v, err := parseKeywordPairs(mustData("combos/pairs.txt"))
	if err != nil {
		panic(err)
	}
	return v
})

func parseKeywordPairs(lines [][]string) ([]KeywordPair, error) {
	const name = "combos/pairs.txt"
	seen := map[KeywordPair]bool{}
	var out []KeywordPair
	for _, f := range lines {
		if len(f) != 2 {
			return nil, fmt.Errorf("wordlists: %s: line %q: want \"first second\"", name, strings.Join(f, " "))
		}
		p := KeywordPair{f[0], f[1]}
		if !isLowerLDH(p.First) || !isLowerLDH(p.Second) || p.First == p.Second {
			return nil, fmt.Errorf("wordlists: %s: %q: want two different lower-case LDH words", name, strings.Join(f, " "))
		}
		if seen[p] {
			return nil, fmt.Errorf("wordlists: %s: %s %s listed twice", name, p.First, p.Second)
		}
		seen[p] = true
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("wordlists: %s has no pairs", name)
	}
	return out, nil
}

// KeywordPairs is the short default list of two-keyword combos, strongest
// first.
func KeywordPairs() []KeywordPair { return slices.Clone(keywordPairs()) }
