package scan

import (
	"errors"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
)

// Observation is what the history keeps of a finding.
func Observation(f *judge.Finding) history.Observation {
	o := history.Observation{
		Brand: f.Brand, Domain: f.Domain, Unicode: f.Unicode, Registrable: f.Registrable, Fuzzers: f.Fuzzers,
		Status: f.Status.String(), Reason: f.Reason, Verdict: string(f.Verdict), Risk: f.Risk, Mail: f.Mail,
		NS: f.NS, A: f.A, AAAA: f.AAAA, MX: f.MX, CNAME: f.CNAME,
	}
	if f.RDAP != nil {
		o.Registrar, o.Created = f.RDAP.Registrar, f.RDAP.Created
	}
	return o
}

// collectChanges compares the run just finished with the previous complete
// run of each brand. A brand without one gets its baseline recorded.
func collectChanges(st history.Store, brands []permute.Brand) ([]history.Change, []string, error) {
	var out []history.Change
	var baselines []string
	for _, b := range brands {
		cs, err := st.Changes(b.Domain, 0, 0)
		if errors.Is(err, history.ErrNoBaseline) {
			baselines = append(baselines, b.Domain)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		out = append(out, cs...)
	}
	history.SortChanges(out)
	return out, baselines, nil
}
