package permute

// A fuzzer makes variants of a brand. It calls emit once per variant; emit
// ignores invalid and duplicate names, so a fuzzer need not check either.
//
// A variant is a label (Unicode or ASCII, lower-case) put under a suffix: ""
// means the brand's own suffix. A label may hold dots (the subdomain fuzzer).
// With swap set, the label is also put under every suffix of the TLD-swap set —
// the product of this fuzzer with tld-swap.
type fuzzer struct {
	name string
	// inDefault reports whether the default set runs it.
	inDefault bool
	// abused puts every label it makes under the brand's own suffix also under
	// the cheap-TLD set (wordlists.AbusedTLDs): one-edit typos are what
	// squatters register under .top and .xyz as well as under the brand's own.
	abused bool
	run    func(c *fuzzCtx, emit emitFunc)
}

type emitFunc func(v variant)

type variant struct {
	label  string
	suffix string // "" for the brand's own suffix
	swap   bool   // also under the TLD-swap set
	abuse  bool   // also under the cheap-TLD set (com, net, org among them)
	main   bool   // also under com, net and org
}

// fuzzCtx is what a fuzzer may read: the brand and the resolved options.
type fuzzCtx struct {
	brand Brand
	// label is the brand's registrable label in Unicode, as runes, so that
	// fuzzers never cut a multi-byte character.
	label []rune
	opt   *plan
}
