package history

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseSince reads the argument of `diff --since`: a run number, a date
// (2006-01-02, a day in loc), or an RFC 3339 time. For a date or time it
// returns the last complete run of runs that started by then (by the end of
// the day, for a date): the state as it was known at that moment.
func ParseSince(runs []RunInfo, spec string, loc *time.Location) (RunID, error) {
	spec = strings.TrimSpace(spec)
	if n, err := strconv.ParseInt(spec, 10, 64); err == nil {
		for _, r := range runs {
			if r.ID == RunID(n) {
				if !r.Complete {
					return 0, fmt.Errorf("--since %s: run %d is incomplete (interrupted) and cannot be a baseline: %w", spec, n, ErrNoRun)
				}
				return r.ID, nil
			}
		}
		return 0, fmt.Errorf("--since %s: no such run of this brand (see lookalike history): %w", spec, ErrNoRun)
	}
	var until time.Time
	if d, err := time.ParseInLocation(time.DateOnly, spec, loc); err == nil {
		until = d.AddDate(0, 0, 1)
	} else if t, err := time.Parse(time.RFC3339, spec); err == nil {
		until = t.Add(time.Nanosecond)
	} else {
		return 0, fmt.Errorf("--since %q: want a run number, a date like 2026-03-01, or a time like 2026-03-01T02:00:00Z", spec)
	}
	var best RunID
	for _, r := range runs {
		if r.Complete && r.Started.Before(until) {
			best = r.ID
		}
	}
	if best == 0 {
		return 0, fmt.Errorf("--since %s: no complete run started by then (see lookalike history): %w", spec, ErrNoRun)
	}
	return best, nil
}
