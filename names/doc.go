// Package names is lookalike's one home for what a domain name is: the ICANN
// public-suffix split (registrable domain and suffix), validity under
// IDNA2008 registration rules and as a DNS host, normalisation of a host as
// written, the A-label ↔ U-label conversion with one IDNA profile each way,
// and the edit distance the similarity and suggestion code use.
//
// Every package that cuts, checks or converts a name calls this one, so that
// "is this a name", "what would a registrant buy" and "how does it display"
// have one answer each. The e2e oracle (e2e/world) keeps its own split on
// purpose: it checks the product against an independent reading of the list.
//
// It never does I/O, never generates candidates (package permute) and never
// judges similarity (package similar).
package names
