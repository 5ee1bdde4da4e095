package permute

// Candidate is one generated name.
type Candidate struct {
	// Domain is the name as DNS and registrars want it: lower-case A-label, no
	// trailing dot.
	Domain string
	// Unicode is Domain with its A-labels decoded, for display. It equals Domain
	// for an all-ASCII name.
	Unicode string
	// Fuzzers names every fuzzer that produced the name, in the order of the
	// fuzzer registry. The slice is shared between candidates: never modify it.
	Fuzzers []string
	// Brand is the registrable domain (A-label) the name imitates.
	Brand string
	// Term is the brand term (product or sub-brand, Brand.Terms) the name was
	// made from, "" when it was made from the brand's own label.
	Term string
	// Unavailable says why the registry does not sell the name today, ""
	// when it does. Such a name can still exist (a .com label that mixes
	// scripts, registered before the 2005 script rules, is still in the zone),
	// so it is generated for detection; unregistered, it is not for the defend
	// list or the registrar CSV: the verdict is "unavailable", with this reason.
	Unavailable string
}

// Fuzzer returns the first fuzzer that produced the name, the one a display with
// room for a single value shows.
func (c Candidate) Fuzzer() string {
	if len(c.Fuzzers) == 0 {
		return ""
	}
	return c.Fuzzers[0]
}
