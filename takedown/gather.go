package takedown

import (
	"errors"
	"fmt"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/report"
)

// ErrOwned is returned by Gather for a domain the scan judged the brand's
// own: a takedown of it would be a request against oneself.
var ErrOwned = errors.New("the scan judged it owned (the brand's own name); leave it out")

// Sources are where Gather finds what is known of each domain; either may
// be nil.
type Sources struct {
	// State gives the latest observation and the first sighting as
	// registered.
	State history.Store
	// Findings are a scan's records by domain (report.ReadJSONL): they know
	// more than the state (web evidence, a screenshot), and win over it.
	Findings map[string]report.Record
}

// Gather builds the evidence of each domain (any form: Unicode or A-label,
// any case; one that is no domain name is refused with ErrNotDomain) from
// the sources.
// A domain neither source holds keeps its name alone (RDAP still finds the
// registrar, and the message says what was not known); its name is in
// unknown, so that the caller can say so.
func Gather(domains []string, src Sources) (evs []Evidence, unknown []string, err error) {
	var runs []history.RunInfo
	if src.State != nil {
		if runs, err = src.State.Runs(""); err != nil {
			return nil, nil, err
		}
	}
	for _, arg := range domains {
		d, err := domainName(arg)
		if err != nil {
			return nil, nil, err
		}
		ev := Evidence{Domain: d}
		if src.State != nil {
			if err := FromHistory(src.State, runs, &ev); err != nil {
				return nil, nil, err
			}
		}
		if r, ok := src.Findings[d]; ok {
			// The state knows when the name was first seen.
			x := FromRecord(r)
			x.Domain, x.Observed, x.FirstSeen = ev.Domain, ev.Observed, ev.FirstSeen
			ev = x
		}
		switch {
		case ev.Verdict == report.VerdictOwned:
			return nil, nil, fmt.Errorf("takedown %s: %w", d, ErrOwned)
		case ev.Verdict == "" && (src.State != nil || src.Findings != nil):
			unknown = append(unknown, d)
		}
		evs = append(evs, ev)
	}
	return evs, unknown, nil
}
