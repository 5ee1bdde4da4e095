package report

import (
	"fmt"
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

// RunLister is the part of a history.Store the report's chart reads.
type RunLister interface {
	Runs(brand string) ([]history.RunInfo, error)
}

// Fill puts a run's changes into the history, and the chart of the last
// complete runs of brands that store keeps. A store that cannot list its
// runs costs the chart, not the report: the error says so, and the
// changes are in.
func (h *HTMLHistory) Fill(changes []history.Change, store RunLister, brands []string) error {
	h.AddChanges(changes)
	if store == nil {
		return nil
	}
	runs, err := store.Runs("")
	if err != nil {
		return fmt.Errorf("html report without the chart of past runs: %w", err)
	}
	h.SetRuns(runs, brands)
	return nil
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
