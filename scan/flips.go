package scan

import (
	"context"
	"iter"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
)

// The last known state of a name, from the previous complete run: only what
// deciding a flip needs, so that a brand of 30,000 names costs little.
const (
	wasRegistered uint8 = 1 << iota
	wasUnregistered
	hadMail
)

// lastKnown loads, for each brand, the state its previous complete run
// recorded of each name. Nil without a store or a previous run.
func (o *Options) lastKnown() (map[string]uint8, error) {
	if o.Store == nil {
		return nil, nil
	}
	var out map[string]uint8
	for _, b := range o.Brands {
		runs, err := o.Store.Runs(b.Domain)
		if err != nil {
			return nil, err
		}
		var last history.RunID
		for _, r := range runs {
			if r.Complete {
				last = r.ID
			}
		}
		if last == 0 {
			continue
		}
		obs, err := o.Store.Observations(last, b.Domain)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = make(map[string]uint8, len(obs))
		}
		for _, ob := range obs {
			var f uint8
			switch ob.Status {
			case history.StatusRegistered:
				f = wasRegistered
			case history.StatusUnregistered:
				f = wasUnregistered
			}
			if len(ob.MX) > 0 {
				f |= hadMail
			}
			out[ob.Domain] |= f
		}
	}
	return out, nil
}

// firstSeen notes, for NewIsChange, a registered third-party name the
// previous complete run of its brand did not watch, as the change it is.
func (o *Options) firstSeen(prev map[string]uint8, f *judge.Finding, sum *Summary) {
	if !o.NewIsChange || prev == nil || prev[f.Domain] != 0 || f.Status != resolve.Registered || f.Verdict == judge.Owned {
		return
	}
	sum.firstSeen = append(sum.firstSeen, history.Change{
		Brand: f.Brand, Domain: f.Domain, Unicode: f.Unicode, Kind: history.NewlyRegistered,
		Field: "status", After: []string{history.StatusRegistered},
		Verdict: string(f.Verdict), Risk: f.Risk, Mail: f.Mail, NS: f.NS, A: f.A, AAAA: f.AAAA, MX: f.MX,
	})
}

// confirmFlips asks again about every name whose state changed since the
// last complete run in a way that alerts, before it is judged and stored,
// so that one resolver's bad minute neither raises a false alarm nor hides a
// real one (nightly results that flap are dnstwist users' commonest
// complaint):
//
//   - registered before, unregistered now ("dropped"): the suffix's own
//     servers must confirm it; otherwise the result is unknown (their
//     delegation against the resolvers' denial: resolvers-disagree; or
//     unconfirmed), and the name keeps its last known state;
//   - unregistered before, registered now ("newly-registered"), or new mail:
//     a second query, to the next resolver, must agree; otherwise the result
//     is unknown (unconfirmed) or the mail is not taken as gained.
func (o *Options) confirmFlips(ctx context.Context, client *resolve.Client, prev map[string]uint8, in iter.Seq[resolve.Result]) iter.Seq[resolve.Result] {
	if len(prev) == 0 {
		return in
	}
	return func(yield func(resolve.Result) bool) {
		for r := range in {
			was := prev[r.Domain]
			switch {
			case r.Status == resolve.Unregistered && was&wasRegistered != 0:
				if !client.Confirm(ctx, &r) && r.Status == resolve.Registered {
					// The registry still delegates it while the resolvers
					// deny it: their records cannot be read tonight, so the
					// name keeps its last known state instead of losing them.
					r.Status, r.Reason = resolve.Unknown, resolve.ReasonDisagree
				}
			case r.Status == resolve.Registered && (was&wasUnregistered != 0 || (was&hadMail == 0 && len(r.MX) > 0 && was != 0)):
				again := client.Lookup(ctx, r.Domain)
				switch {
				case again.Status != resolve.Registered:
					r.Status, r.Reason = resolve.Unknown, resolve.ReasonUnconfirmed
				case len(again.MX) == 0:
					r.MX = nil
				}
			}
			if !yield(r) {
				return
			}
		}
	}
}
