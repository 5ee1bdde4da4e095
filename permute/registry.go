package permute

// registry lists every fuzzer, in the order output is credited and streamed.
// Fifteen carry dnstwist's names (with tld-swap, last, sixteen) and produce a superset of its output,
// so that its users can switch; the rest go beyond it. An explicit slice, not
// init() side effects: the order is part of the output contract.
var registry = []*fuzzer{
	{name: "addition", inDefault: true, abused: true, run: fuzzAddition},
	{name: "bitsquatting", inDefault: true, run: fuzzBitsquatting},
	{name: "cyrillic", inDefault: true, run: fuzzCyrillic},
	{name: "homoglyph", inDefault: true, run: fuzzHomoglyph},
	{name: "hyphenation", inDefault: true, abused: true, run: fuzzHyphenation},
	{name: "insertion", inDefault: true, abused: true, run: fuzzInsertion},
	{name: "omission", inDefault: true, abused: true, run: fuzzOmission},
	{name: "plural", inDefault: true, abused: true, run: fuzzPlural},
	{name: "repetition", inDefault: true, abused: true, run: fuzzRepetition},
	{name: "replacement", inDefault: true, abused: true, run: fuzzReplacement},
	{name: "subdomain", inDefault: true, run: fuzzSubdomain},
	{name: "transposition", inDefault: true, abused: true, run: fuzzTransposition},
	{name: "vowel-swap", inDefault: true, abused: true, run: fuzzVowelSwap},
	{name: "various", inDefault: true, run: fuzzVarious},
	{name: "dictionary", inDefault: true, run: fuzzDictionary},
	{name: "homophone", inDefault: true, run: fuzzHomophone},
	{name: "combo", inDefault: true, run: fuzzCombo},
	{name: "tld-in-label", inDefault: true, run: fuzzTLDInLabel},
	{name: "missing-dot", inDefault: true, run: fuzzMissingDot},
	{name: "one-edit", inDefault: true, run: fuzzOneEdit},
	{name: "tld-typo", inDefault: true, run: fuzzTLDTypo},
	{name: "idn-homograph", inDefault: true, run: fuzzIDNHomograph},
	// brand-term credits every name made from a brand term (Brand.Terms,
	// Options.Terms) beside the fuzzer that made it; it makes nothing alone.
	{name: "brand-term", inDefault: true, run: func(*fuzzCtx, emitFunc) {}},
	// tld-swap is the product of the brand's label (and of every variant a
	// fuzzer marks swappable) with the TLD-swap set; the engine builds it.
	// Last, so that a product is credited first to the fuzzer that made its label.
	{name: "tld-swap", inDefault: true, run: func(*fuzzCtx, emitFunc) {}},
}

var fuzzerIndex = func() map[string]int {
	m := make(map[string]int, len(registry))
	for i, f := range registry {
		m[f.name] = i
	}
	return m
}()
