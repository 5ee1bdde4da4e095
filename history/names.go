package history

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultRunName is the run name shards share when --run is not given: the
// day (UTC) and a short hash of the brand set, so that the N processes of one
// night agree without talking and two brand sets on one database never share
// a run. "2026-12-02-3f9a1c2b".
func DefaultRunName(day time.Time, brands []string) string {
	bs := make([]string, len(brands))
	for i, b := range brands {
		bs[i] = normBrand(b)
	}
	slices.Sort(bs)
	bs = slices.Compact(bs)
	h := fnv.New32a()
	h.Write([]byte(strings.Join(bs, "\n")))
	return fmt.Sprintf("%s-%08x", day.UTC().Format(time.DateOnly), h.Sum32())
}

// ParseRetention reads the window of `history --prune`: a Go duration
// (720h) or a number of days or weeks (90d, 12w).
func ParseRetention(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("--prune %q: %w: want a number of days like 90d, weeks like 12w, or a duration like 720h", s, ErrUsage)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		return days(n, 1, bad)
	}
	if n, ok := strings.CutSuffix(s, "w"); ok {
		return days(n, 7, bad)
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, bad
	}
	return d, nil
}

func days(n string, unit int, bad error) (time.Duration, error) {
	v, err := strconv.Atoi(n)
	// 100 years bounds the multiplication far from overflow.
	if err != nil || v < 0 || v*unit > 36500 {
		return 0, bad
	}
	return time.Duration(v*unit) * 24 * time.Hour, nil
}
