package history

import (
	"cmp"
	"slices"
)

// Kind is what changed about a name between two runs.
type Kind string

// The kinds of change, in the order a listing shows them.
const (
	// NewlyRegistered: unregistered (or never known) before, registered now.
	NewlyRegistered Kind = "newly-registered"
	// GainedMX: registered before without MX, with MX now: it can now receive
	// mail meant for the brand.
	GainedMX Kind = "gained-mx"
	// RecordsChanged: the A, AAAA, MX or NS set of a registered name changed
	// (Field says which; one change per record type).
	RecordsChanged Kind = "records-changed"
	// NowParked: registered before with another verdict, parked now.
	NowParked Kind = "now-parked"
	// VerdictChanged: same registration status, another verdict (an owned name
	// that moved to a third party's name servers, say).
	VerdictChanged Kind = "verdict-changed"
	// Dropped: registered before, unregistered now (a defended name that
	// expired, or a lookalike its registrant let go).
	Dropped Kind = "dropped"
)

// Kinds lists every kind in listing order.
var Kinds = []Kind{NewlyRegistered, GainedMX, RecordsChanged, NowParked, VerdictChanged, Dropped}

// Change is one thing that changed about one name.
type Change struct {
	Brand   string `json:"brand"`
	Domain  string `json:"domain"`
	Unicode string `json:"unicode,omitempty"`
	Kind    Kind   `json:"kind"`
	// Field is what Before and After hold: "status", "verdict", or the record
	// type ("a", "aaaa", "mx", "ns").
	Field  string   `json:"field"`
	Before []string `json:"before"`
	After  []string `json:"after"`
	// Verdict, Risk, Mail and the records are the name's state now, so that
	// a newly registered name shows where it points.
	Verdict string   `json:"verdict,omitempty"`
	Risk    int      `json:"risk"`
	Mail    bool     `json:"mail"`
	NS      []string `json:"ns,omitempty"`
	A       []string `json:"a,omitempty"`
	AAAA    []string `json:"aaaa,omitempty"`
	MX      []string `json:"mx,omitempty"`
	// Run is the run compared; BeforeRun the complete run the before state
	// was last seen in (older than the baseline when the baseline could not
	// tell: see Compare). BeforeRun is 0 when the name was watched but never
	// known before.
	Run       RunID `json:"run"`
	BeforeRun RunID `json:"before_run"`
}

// Compare lists what changed from before to after, two known states of one
// name. A nil before means the name was watched but never known (every earlier
// result was unknown): a registration then counts as new. An unknown after is
// no change at all: Changes replaces it with the last known state first.
//
// Run and BeforeRun of the changes are left for the caller to fill.
func Compare(before *Observation, after Observation) []Change {
	if !after.Known() || (before != nil && !before.Known()) {
		return nil
	}
	mk := func(k Kind, field string, b, a []string) Change {
		return Change{
			Brand: after.Brand, Domain: after.Domain, Unicode: after.Unicode,
			Kind: k, Field: field, Before: orEmpty(b), After: orEmpty(a),
			Verdict: after.Verdict, Risk: after.Risk, Mail: after.Mail,
			NS: canonical(after.NS), A: canonical(after.A), AAAA: canonical(after.AAAA), MX: canonical(after.MX),
		}
	}
	reg := after.Status == StatusRegistered
	if before == nil {
		if reg {
			return []Change{mk(NewlyRegistered, "status", []string{StatusUnknown}, []string{StatusRegistered})}
		}
		return nil
	}
	wasReg := before.Status == StatusRegistered
	switch {
	case !wasReg && reg:
		return []Change{mk(NewlyRegistered, "status", []string{before.Status}, []string{after.Status})}
	case wasReg && !reg:
		return []Change{mk(Dropped, "status", []string{before.Status}, []string{after.Status})}
	case !wasReg && !reg:
		// Verdicts of unregistered names (defend) are about what to buy, not
		// about anything that happened.
		return nil
	}

	var out []Change
	bmx, amx := canonical(before.MX), canonical(after.MX)
	if len(bmx) == 0 && len(amx) > 0 {
		out = append(out, mk(GainedMX, "mx", nil, amx))
	} else if !slices.Equal(bmx, amx) {
		out = append(out, mk(RecordsChanged, "mx", bmx, amx))
	}
	for _, r := range []struct {
		field string
		b, a  []string
	}{
		{"a", before.A, after.A},
		{"aaaa", before.AAAA, after.AAAA},
		{"ns", before.NS, after.NS},
	} {
		if !slices.Equal(canonical(r.b), canonical(r.a)) {
			out = append(out, mk(RecordsChanged, r.field, canonical(r.b), canonical(r.a)))
		}
	}
	if before.Verdict != after.Verdict && before.Verdict != "" && after.Verdict != "" {
		k := VerdictChanged
		if after.Verdict == "parked" {
			k = NowParked
		}
		out = append(out, mk(k, "verdict", []string{before.Verdict}, []string{after.Verdict}))
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Alerting reports whether changes should end a cron run with exit status 3:
// a name that is not the brand's own was newly registered, gained MX, or
// changed its records. Drops, parking and verdict moves are reported but do not
// page anyone. A name without a verdict counts as not owned: nobody has shown
// it is the brand's.
func Alerting(changes []Change) bool {
	for _, c := range changes {
		switch c.Kind {
		case NewlyRegistered, GainedMX, RecordsChanged:
			if c.Verdict != "owned" {
				return true
			}
		}
	}
	return false
}

// SortChanges puts changes in listing order: by kind, then riskiest first,
// then by brand, domain and field, so that two identical diffs print
// identically.
func SortChanges(cs []Change) {
	rank := make(map[Kind]int, len(Kinds))
	for i, k := range Kinds {
		rank[k] = i
	}
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(
			cmp.Compare(rank[a.Kind], rank[b.Kind]),
			cmp.Compare(b.Risk, a.Risk),
			cmp.Compare(a.Brand, b.Brand),
			cmp.Compare(a.Domain, b.Domain),
			cmp.Compare(a.Field, b.Field),
		)
	})
}
