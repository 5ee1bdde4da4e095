package permute

import "github.com/lookalike/lookalike/wordlists"

// plan is Options resolved against the brand and the embedded data, once per
// brand, before any fuzzer runs. Fuzzers read it; they never load data.
type plan struct {
	fuzzers []*fuzzer
	// keyboards are the layouts in play: for each key, the keys around it.
	keyboards []map[rune]string
	// keywords for combo, in priority order; core ones also go under swapped TLDs.
	keywords []keyword
	// dictionary holds dnstwist-style dictionary words (--dictionary FILE).
	dictionary []string
	// swapSuffixes is the TLD-swap set (never holding the brand's own suffix).
	swapSuffixes []string
	// suffixes is swapSuffixes with their Unicode forms, for the product,
	// then the cheap-TLD suffixes the swap set lacks (abused set on each).
	suffixes []suffix
	// keywordPairs makes brand + two core keywords.
	keywordPairs bool
	// pairs are the default two-keyword combos (wordlists.KeywordPairs).
	pairs []wordlists.KeywordPair
}

type keyword struct {
	word string
	core bool
}
