package history

import (
	"errors"
	"testing"
	"time"
)

func TestParseSince(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	runs := []RunInfo{
		{ID: 1, Started: day(1, 2), Complete: true},
		{ID: 2, Started: day(2, 2), Complete: true},
		{ID: 3, Started: day(3, 2), Complete: false}, // killed
		{ID: 4, Started: day(4, 2), Complete: true},
	}
	tests := []struct {
		name, spec string
		want       RunID
		wantErr    error
	}{
		{"run number", "2", 2, nil},
		{"run number with spaces", " 4 ", 4, nil},
		{"incomplete run", "3", 0, ErrNoRun},
		{"missing run", "9", 0, ErrNoRun},
		{"date: last complete run of that day", "2026-03-02", 2, nil},
		{"date of a killed run: the run before", "2026-03-03", 2, nil},
		{"date after every run", "2026-12-31", 4, nil},
		{"date before every run", "2026-02-01", 0, ErrNoRun},
		{"time", "2026-03-04T01:59:00Z", 2, nil},
		{"time exactly at a start", "2026-03-04T02:00:00Z", 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSince(runs, tt.spec, time.UTC)
			if got != tt.want || !errors.Is(err, tt.wantErr) {
				t.Errorf("ParseSince(%q) = %d, %v; want %d, %v", tt.spec, got, err, tt.want, tt.wantErr)
			}
		})
	}
	if _, err := ParseSince(runs, "yesterday", time.UTC); err == nil {
		t.Error("ParseSince(yesterday) accepted")
	}
}

func FuzzParseSince(f *testing.F) {
	for _, s := range []string{"1", "2026-03-02", "2026-03-04T01:59:00Z", "", "-1", "99999999999999999999"} {
		f.Add(s)
	}
	runs := []RunInfo{
		{ID: 1, Started: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Complete: true},
		{ID: 2, Started: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
	}
	f.Fuzz(func(t *testing.T, spec string) {
		id, err := ParseSince(runs, spec, time.UTC)
		if err == nil && id != 1 {
			t.Errorf("ParseSince(%q) = %d: only run 1 is complete", spec, id)
		}
		if err != nil && id != 0 {
			t.Errorf("ParseSince(%q) = %d with error %v", spec, id, err)
		}
	})
}
