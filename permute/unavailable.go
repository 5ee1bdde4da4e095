package permute

import (
	"strings"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/wordlists"
)

// unavailableReason is Candidate.Unavailable for a Unicode label that the
// registry of tld refuses today but once sold (wordlists.IDNOnceSold).
func unavailableReason(tld string) string {
	return "not sold by the ." + tld + " registry today (mixed scripts or characters outside its IDN tables); older registrations like it exist"
}

// Unsellable says why the registry does not sell domain (an A-label name)
// today, or "" when it does: a Unicode label of the registrable domain that
// the TLD's IDN tables refuse. Generate sets Candidate.Unavailable itself;
// this is for names no fuzzer made (a --candidates list: ParseName calls it).
func Unsellable(domain string) string {
	reg, suffix, ok := names.Registrable(domain)
	if !ok || !strings.Contains(reg, "xn--") {
		return ""
	}
	label := names.Label(reg, suffix)
	u, ok := names.ULabel(label)
	if !ok || names.IsASCII(u) {
		return ""
	}
	tld := names.LastLabel(suffix)
	if wordlists.IDNAllowed(tld, u) {
		return ""
	}
	if wordlists.IDNOnceSold(tld) {
		return unavailableReason(tld)
	}
	return "not sold by the ." + tld + " registry (characters outside its IDN tables)"
}
