package report

import (
	"slices"
	"strings"

	"github.com/lookalike/lookalike/history"
)

// HistoryRuns is how many past complete runs the HTML report charts.
const HistoryRuns = 30

// AddChanges puts a run's changes into the report's history.
func (h *HTMLHistory) AddChanges(changes []history.Change) {
	for _, c := range changes {
		h.Changes = append(h.Changes, HTMLChange{
			Brand: c.Brand, Domain: c.Domain, Unicode: c.Unicode, Kind: string(c.Kind), Field: c.Field,
			Before: strings.Join(c.Before, " "), After: strings.Join(c.After, " "), Verdict: c.Verdict, Risk: c.Risk,
		})
	}
}

// SetRuns charts the counts of the last HistoryRuns complete runs that
// scanned one of brands.
func (h *HTMLHistory) SetRuns(runs []history.RunInfo, brands []string) {
	var keep []HTMLRun
	for _, r := range runs {
		if !r.Complete || !slices.ContainsFunc(r.Brands, func(b string) bool { return slices.Contains(brands, b) }) {
			continue
		}
		keep = append(keep, HTMLRun{Started: r.Started, Counts: r.Counts.Verdicts})
	}
	if len(keep) > HistoryRuns {
		keep = keep[len(keep)-HistoryRuns:]
	}
	h.Runs = keep
}
