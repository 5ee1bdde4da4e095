// Package wordlists holds lookalike's embedded data: keywords by language, TLD
// sets and public-suffix families, per-TLD IDN repertoires, parking and
// domain-marketplace name servers and the signs of their landing pages
// (ParkingPages), homophones, keyboard layouts and homoglyph
// tables. Every file under data/ is compiled in with go:embed and starts with a
// header naming its source, licence and date; the tests check that each list is
// present, lower-case, valid and free of duplicates.
//
// It never does logic beyond loading and validating its data: generating
// candidates from it is package permute's job, judging DNS answers with it is
// package judge's.
package wordlists
