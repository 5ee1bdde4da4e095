// Package permute turns a brand's domain into the lookalike names that customers,
// staff and systems reach by mistake, and that attackers register.
//
// It owns parsing a brand (through package names: the public-suffix split,
// IDNA) and a --brands line
// (ParseBrandLine: the domain and its terms, products and sub-brands), every
// fuzzer, the products of fuzzers with TLD sets (in tiers: every label under
// the brand's suffix; typos, lookalikes and the default keyword pairs also
// under the cheap TLDs abuse reports name most; every keyword under com, net
// and org; core keywords and the brand under the whole TLD-swap set), the
// registry check (what a TLD's registry sells, and what it once sold: such
// names come out marked Unavailable), validity, deduplication and the
// ordering of the stream. Ranking names by how likely attackers take them is
// package judge's (judge.Prior).
//
// It never does I/O, never starts goroutines and never prints. Generate is a
// pure iterator over a plan: the fuzzers run once per brand to build the
// label sets (eagerly, a few milliseconds), and the products with the TLD sets
// are crossed lazily, so a consumer that stops early is spared most of the
// work, though not the fuzzers'. What it leaves out for a brand is said by
// Generator.Warnings, for the caller to print.
package permute
