package permute

// unavailableReason is Candidate.Unavailable for a Unicode label that the
// registry of tld refuses today but once sold (wordlists.IDNOnceSold).
func unavailableReason(tld string) string {
	return "not sold by the ." + tld + " registry today (mixed scripts or characters outside its IDN tables); older registrations like it exist"
}
