package report

import (
	"errors"
	"testing"
	"time"

	"github.com/lookalike/lookalike/history"
)

func TestHTMLHistorySetRuns(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)
	var runs []history.RunInfo
	for i := range 40 {
		runs = append(runs, history.RunInfo{Brands: []string{"acmebank.com"}, Started: t0.Add(time.Duration(i) * 24 * time.Hour), Complete: i != 39})
	}
	runs = append(runs, history.RunInfo{Brands: []string{"other.com"}, Started: t0, Complete: true})
	for _, tc := range []struct {
		name   string
		brands []string
		want   int
		last   time.Time
	}{
		{"the last complete runs of the brand", []string{"acmebank.com"}, HistoryRuns, t0.Add(38 * 24 * time.Hour)},
		{"another brand's runs only", []string{"other.com"}, 1, t0},
		{"no run of the brand", []string{"nobody.com"}, 0, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h HTMLHistory
			h.SetRuns(runs, tc.brands)
			if len(h.Runs) != tc.want {
				t.Fatalf("%d runs, want %d", len(h.Runs), tc.want)
			}
			if tc.want > 0 && !h.Runs[len(h.Runs)-1].Started.Equal(tc.last) {
				t.Errorf("last run %v, want %v (an incomplete run is never charted)", h.Runs[len(h.Runs)-1].Started, tc.last)
			}
		})
	}
}

type runList struct {
	runs []history.RunInfo
	err  error
}

func (l runList) Runs(string) ([]history.RunInfo, error) { return l.runs, l.err }

func TestHTMLHistoryFill(t *testing.T) {
	changes := []history.Change{{Brand: "acmebank.com", Domain: "acmebnk.com", Kind: history.NewlyRegistered}}
	runs := []history.RunInfo{{Brands: []string{"acmebank.com"}, Complete: true}, {Brands: []string{"other.com"}, Complete: true}}
	for _, tc := range []struct {
		name    string
		store   RunLister
		runs    int
		wantErr bool
	}{
		{"changes and the brand's runs", runList{runs: runs}, 1, false},
		{"no store: the changes alone", nil, 0, false},
		{"a store that fails costs the chart, not the changes", runList{err: errors.New("disk gone")}, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h HTMLHistory
			err := h.Fill(changes, tc.store, []string{"acmebank.com"})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v, want error %v", err, tc.wantErr)
			}
			if len(h.Changes) != 1 || h.Changes[0].Domain != "acmebnk.com" || len(h.Runs) != tc.runs {
				t.Errorf("changes %+v, %d runs; want the change and %d runs", h.Changes, len(h.Runs), tc.runs)
			}
		})
	}
}
