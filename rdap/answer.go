package rdap

import (
	"fmt"
	"slices"

	"github.com/lookalike/lookalike/resolve"
)

// Outcome is what one RDAP lookup established. The zero value is Failed: an
// Answer nobody filled in must never read as NotFound.
type Outcome uint8

const (
	// Failed: no usable answer (5xx, timeout, cancelled, malformed or oversized
	// body, an object for another name, or a bad name). Err says which.
	Failed Outcome = iota
	// Found: 200 with the domain object for the name asked about.
	Found
	// NotFound: the registry's server answered 404 for the name.
	NotFound
	// Hold: found, with a status that keeps the name out of the DNS ("client
	// hold", "server hold", "inactive"): registered, not delegated.
	Hold
	// NoServer: the bootstrap names no usable RDAP service for the TLD (none at
	// all, or only plain http to a non-loopback host).
	NoServer
	// Throttled: the server still answered 429 after the retries allowed, or
	// asked for a longer wait than the cap.
	Throttled
)

var outcomeNames = [...]string{
	Failed:    "failed",
	Found:     "found",
	NotFound:  "not-found",
	Hold:      "hold",
	NoServer:  "no-server",
	Throttled: "throttled",
}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return fmt.Sprintf("outcome(%d)", uint8(o))
}

// MarshalText writes the String form, so JSON carries "hold", not 3.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Answer is the result of one Lookup. The registration fields are filled for
// Found and Hold only; every string from the server has had its control
// characters removed and is capped in length.
type Answer struct {
	Outcome   Outcome  `json:"outcome"`
	Registrar string   `json:"registrar,omitempty"`
	Created   string   `json:"created,omitempty"` // "registration" event date, as the server gave it
	Expires   string   `json:"expires,omitempty"` // "expiration" event date, as the server gave it
	Status    []string `json:"status,omitempty"`  // RDAP status values, as the server gave them
	// Server is the base URL asked (empty for NoServer without a server).
	Server string `json:"server,omitempty"`
	// Code is the HTTP status of the last response; 0 when none came.
	Code int `json:"code,omitempty"`
	// Err says why the outcome is Failed, Throttled or NoServer.
	Err string `json:"err,omitempty"`
}

// RDAP gives the registration data in the form resolve.Result carries; nil
// unless the registry described the name (Found or Hold).
func (a Answer) RDAP() *resolve.RDAP {
	if a.Outcome != Found && a.Outcome != Hold {
		return nil
	}
	return &resolve.RDAP{
		Registrar: a.Registrar,
		Created:   a.Created,
		Expires:   a.Expires,
		Status:    slices.Clone(a.Status),
		Server:    a.Server,
	}
}

// Reasons Confirm gives that package resolve has no constant for yet.
const (
	ReasonNoServer   = resolve.ReasonRDAPNoServer  // unregistered in DNS, and no RDAP service to confirm it
	ReasonThrottled  = resolve.ReasonRDAPThrottled // unregistered in DNS, and the RDAP server kept answering 429
	ReasonFailed     = resolve.ReasonRDAPFailed    // unregistered in DNS, and RDAP gave no usable answer
	ReasonRegistered = resolve.ReasonRDAPFound     // DNS could not tell; the registry describes the name
)

// Confirm combines the DNS status of a registrable domain with the RDAP answer
// for it (issue 4). An empty reason means "keep the reason DNS gave".
//
//   - Registered in DNS: RDAP only adds data; the status stands.
//   - Unregistered in DNS: NotFound confirms it; Hold makes it Registered
//     (rdap-hold: a dormant registration, not delegated); Found makes it
//     Unknown (rdap-disagrees); NoServer, Throttled and Failed make it Unknown
//     (rdap-noserver, rdap-throttled, rdap-failed), because an unconfirmed name
//     must never be offered for registration.
//   - Unknown in DNS: Found and Hold make it Registered (the registry describes
//     it: rdap-registered, rdap-hold); anything else leaves it Unknown with its
//     DNS reason. A 404 never turns an unknown into unregistered.
func Confirm(dnsStatus resolve.Status, a Answer) (resolve.Status, string) {
	switch dnsStatus {
	case resolve.Registered:
		return resolve.Registered, ""
	case resolve.Unregistered:
		switch a.Outcome {
		case NotFound:
			return resolve.Unregistered, ""
		case Hold:
			return resolve.Registered, resolve.ReasonRDAPHold
		case Found:
			return resolve.Unknown, resolve.ReasonRDAPDisagrees
		case NoServer:
			return resolve.Unknown, ReasonNoServer
		case Throttled:
			return resolve.Unknown, ReasonThrottled
		default:
			return resolve.Unknown, ReasonFailed
		}
	default:
		switch a.Outcome {
		case Found:
			return resolve.Registered, ReasonRegistered
		case Hold:
			return resolve.Registered, resolve.ReasonRDAPHold
		default:
			return dnsStatus, ""
		}
	}
}
