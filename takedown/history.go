package takedown

import (
	"slices"

	"github.com/lookalike/lookalike/history"
)

// FromHistory fills ev from the newest complete run of runs (db.Runs) that
// saw ev.Domain, and FirstSeen from the oldest complete run that saw it
// registered.
func FromHistory(db history.Store, runs []history.RunInfo, ev *Evidence) error {
	find := func(r history.RunInfo) (*history.Observation, error) {
		for _, b := range r.Brands {
			obs, err := db.Observations(r.ID, b)
			if err != nil {
				return nil, err
			}
			if i := slices.IndexFunc(obs, func(o history.Observation) bool { return o.Domain == ev.Domain }); i >= 0 {
				return &obs[i], nil
			}
		}
		return nil, nil
	}
	for i := len(runs) - 1; i >= 0; i-- {
		if !runs[i].Complete {
			continue
		}
		o, err := find(runs[i])
		if err != nil {
			return err
		}
		if o == nil {
			continue
		}
		ev.Brand, ev.Verdict, ev.Risk = o.Brand, o.Verdict, o.Risk
		ev.NS, ev.A, ev.AAAA, ev.MX, ev.CNAME = o.NS, o.A, o.AAAA, o.MX, o.CNAME
		ev.Observed = runs[i].Started
		if o.Registrar != "" {
			ev.Evidence = append(ev.Evidence, "registrar "+o.Registrar)
		}
		if o.Created != "" {
			ev.Evidence = append(ev.Evidence, "created "+o.Created)
		}
		break
	}
	if ev.Verdict == "" {
		return nil
	}
	for _, r := range runs {
		if !r.Complete {
			continue
		}
		o, err := find(r)
		if err != nil {
			return err
		}
		if o != nil && o.Status == history.StatusRegistered {
			ev.FirstSeen = r.Started
			break
		}
	}
	return nil
}
