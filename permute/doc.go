// Package permute turns a brand's domain into the lookalike names that customers,
// staff and systems reach by mistake.
//
// It owns parsing a brand (public-suffix split, IDNA), every fuzzer, the products of
// fuzzers (keyword × TLD …), validity, deduplication and the ordering of the stream.
// It never does I/O, never starts goroutines and never prints: Generate is a pure
// iterator, so a consumer that stops early stops the work.
package permute
