package report

import (
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
