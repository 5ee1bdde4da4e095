package resolve

import (
	"fmt"

	"github.com/lookalike/lookalike/permute"
)

// Status is the one outcome of a lookup. The zero value is Unknown: a result
// nobody filled in must never read as "unregistered".
type Status uint8

const (
	// Unknown: the DNS could not tell; Result.Reason says why.
	Unknown Status = iota
	// Registered: the registrable domain is delegated, or a NOERROR answer
	// proves the name exists.
	Registered
	// Unregistered: NXDOMAIN for the registrable domain, consistent after every
	// check the options ask for. Never from a timeout or an error reply.
	Unregistered
)

var statusNames = [...]string{Unknown: "unknown", Registered: "registered", Unregistered: "unregistered"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// ParseStatus reads the String form back.
func ParseStatus(s string) (Status, error) {
	for i, n := range statusNames {
		if n == s {
			return Status(i), nil
		}
	}
	return Unknown, fmt.Errorf("unknown status %q (want registered, unregistered or unknown)", s)
}

// Reasons given with a status. Unknown always carries one; Registered says
// what proved it.
const (
	ReasonTimeout       = "timeout"
	ReasonServfail      = "servfail"
	ReasonRefused       = "refused"
	ReasonFormerr       = "formerr"
	ReasonNotImp        = "notimp"
	ReasonRcode         = "rcode"     // any other error rcode
	ReasonTruncated     = "truncated" // truncated and TCP could not finish
	ReasonMismatch      = "mismatch"  // reply did not answer the question asked
	ReasonNetwork       = "network"   // the resolver could not be reached (port unreachable, no route)
	ReasonReferral      = "referral"  // the server pointed upwards or sideways instead of answering
	ReasonBadName       = "bad-name"  // not a name DNS can be asked about
	ReasonWildcardTLD   = "wildcard-tld"
	ReasonLyingResolver = "lying-resolver"
	ReasonNoResolver    = "no-resolver"
	ReasonCancelled     = "cancelled"
	// ReasonSilent: every resolver in use had stopped answering, so the scan
	// stopped asking (see Client.GaveUp).
	ReasonSilent        = "resolvers-silent"
	ReasonRDAPDisagrees = "rdap-disagrees" // DNS said NXDOMAIN, the registry has the name
	ReasonRDAPNoServer  = "rdap-noserver"  // --rdap asked, the TLD has no RDAP service
	ReasonRDAPThrottled = "rdap-throttled" // the RDAP server kept answering 429
	ReasonRDAPFailed    = "rdap-failed"    // 5xx, timeout, malformed or oversized answer
	// ReasonFiltered: NXDOMAIN without the SOA of the zone that should hold the
	// name (none, or a firewall's own such as rpz.local), and the suffix's own
	// servers could not settle it.
	ReasonFiltered = "filtered"
	// ReasonDisagree: resolvers disagreed (one NXDOMAIN, one a delegation) and
	// the suffix's own servers could not settle it.
	ReasonDisagree = "resolvers-disagree"
	// ReasonUnconfirmed: ConfirmUnregistered could not have an authoritative
	// answer from the suffix's own servers.
	ReasonUnconfirmed = "unconfirmed"

	ReasonDelegation = "delegation"      // NS answer or referral
	ReasonNoError    = "noerror"         // NOERROR (with or without data) proves existence
	ReasonParent     = "parent"          // recursive lookup failed; the TLD's servers hold a delegation
	ReasonAuthority  = "authority"       // the suffix's own servers, asked directly, hold a delegation (wildcard TLD, disagreement)
	ReasonRDAPHold   = "rdap-hold"       // registered, not delegated (client/server hold)
	ReasonRDAPFound  = "rdap-registered" // DNS could not tell; the registry has the name
)

// Result is the DNS truth about one candidate.
type Result struct {
	permute.Candidate
	// Registrable is the registrable domain that was asked about (Domain
	// itself, unless the candidate is a subdomain).
	Registrable string
	Status      Status
	// Reason: for Unknown, why it could not be told; for Registered, what proved it.
	Reason string
	// Records of a registered name; nil for the others.
	NS    []string
	A     []string
	AAAA  []string
	MX    []string
	CNAME []string
	// RDAP holds registration data when --rdap asked for it.
	RDAP *RDAP
}

// RDAP is the registration data an RDAP server gave for a name.
type RDAP struct {
	Registrar string   `json:"registrar,omitempty"`
	Created   string   `json:"created,omitempty"` // RFC 3339 date as the server gave it
	Expires   string   `json:"expires,omitempty"`
	Status    []string `json:"status,omitempty"`
	Server    string   `json:"server,omitempty"`
}
