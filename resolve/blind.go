package resolve

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// ErrBlind is wrapped by Blind's error: the run could not see the DNS, so its
// results are no baseline and "nothing changed" would be a lie.
var ErrBlind = errors.New("blind run")

// Tally counts a run's results for Blind. The zero value is ready; Add each
// Result the scan yields.
type Tally struct {
	// Total: results counted (bad names and cancelled lookups are not).
	Total int
	// Unknown: results that are Unknown for want of an answer (timeouts,
	// network errors, SERVFAIL, REFUSED, no resolver ...), by reason.
	Unknown map[string]int
}

// blindReasons are the unknowns that say "the resolvers did not answer",
// as opposed to names that are unknown by nature (a wildcard suffix, RDAP).
var blindReasons = map[string]bool{
	ReasonTimeout: true, ReasonServfail: true, ReasonRefused: true, ReasonNetwork: true,
	ReasonMismatch: true, ReasonTruncated: true, ReasonNoResolver: true, ReasonLyingResolver: true,
	ReasonFiltered: true, ReasonRcode: true, ReasonNotImp: true, ReasonFormerr: true,
	ReasonSilent: true,
}

// Add counts one result.
func (t *Tally) Add(r Result) {
	if r.Status == Unknown && (r.Reason == ReasonBadName || r.Reason == ReasonCancelled) {
		return
	}
	t.Total++
	if r.Status == Unknown && blindReasons[r.Reason] {
		if t.Unknown == nil {
			t.Unknown = make(map[string]int)
		}
		t.Unknown[r.Reason]++
	}
}

func (t Tally) unknown() int {
	n := 0
	for _, v := range t.Unknown {
		n += v
	}
	return n
}

// Blind thresholds: a run is blind when at least blindShare of its names are
// unknown for want of an answer; below blindMin names, only when all are.
const (
	blindShare = 0.9
	blindMin   = 20
)

// Blind says whether a finished run saw the DNS at all: it returns an error
// wrapping ErrBlind, naming the resolvers and what to check, when no reply
// came back, when no resolver was left, or when nearly every name is unknown
// for want of an answer. The engine calls it after the scan; a blind run
// exits 1 and is not recorded as complete.
func (c *Client) Blind(t Tally) error {
	st := c.Stats()
	var replies int64
	for _, n := range st.Rcodes {
		replies += n
	}
	who := strings.Join(st.Resolvers, ", ")
	if who == "" {
		who = "none left"
	}
	if len(st.Dropped) > 0 {
		who += "; dropped: " + strings.Join(st.Dropped, ", ")
	}
	switch {
	case len(st.Resolvers) == 0:
		return fmt.Errorf("%w: no usable resolver (%s): every one was dropped for lying; pass --resolvers that answer honestly", ErrBlind, who)
	case st.Queries > 0 && replies == 0:
		return fmt.Errorf("%w: none of %d queries got a reply from the resolvers (%s): check that they run and are reachable from here (firewall, port; try dig @IP example.com NS), or pass other --resolvers",
			ErrBlind, st.Queries, who)
	case c.GaveUp():
		return fmt.Errorf("%w: every resolver (%s) stopped answering mid-scan, so the scan stopped asking; %d of %d names are unknown (%s): check that the resolvers still run, then scan again",
			ErrBlind, who, t.Unknown[ReasonSilent], t.Total, ReasonSilent)
	}
	u := t.unknown()
	if t.Total == 0 || u == 0 || (t.Total < blindMin && u < t.Total) || float64(u) < blindShare*float64(t.Total) {
		return nil
	}
	reasons := slices.SortedFunc(maps.Keys(t.Unknown), func(a, b string) int {
		return cmp.Or(cmp.Compare(t.Unknown[b], t.Unknown[a]), strings.Compare(a, b))
	})
	var parts []string
	for _, r := range reasons {
		parts = append(parts, fmt.Sprintf("%s %d", r, t.Unknown[r]))
	}
	return fmt.Errorf("%w: %d of %d names are unknown (%s) through the resolvers %s: %s",
		ErrBlind, u, t.Total, strings.Join(parts, ", "), who, blindAdvice(reasons[0]))
}

// blindAdvice is what to check for the commonest reason.
func blindAdvice(reason string) string {
	switch reason {
	case ReasonTimeout, ReasonNetwork:
		return "check that the resolvers run and are reachable (firewall, port), or lower --rate and raise --timeout"
	case ReasonRefused:
		return "the resolvers refuse recursion to this host: allow it (access-control) or pass other --resolvers"
	case ReasonServfail:
		return "the resolvers cannot reach the authoritative servers: check their upstream connectivity"
	case ReasonFiltered:
		return "a DNS firewall answers in the registry's place: scan from a network without one, or pass --resolvers that do not filter"
	case ReasonLyingResolver, ReasonNoResolver:
		return "pass --resolvers that answer honestly"
	default:
		return "check the resolvers, or pass other --resolvers"
	}
}
