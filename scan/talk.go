package scan

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
)

// Lines is what a run says when it ends, one line each, without a prefix:
// the counts, how each resolver fared (when there were several), and the
// changes since the last complete run or, for a shard, that the run goes on.
// shard and run name a sharded run's part and name. A run that scanned no
// name says nothing.
func (s *Summary) Lines(shard, run string) []string {
	if s == nil || s.Done+s.Total == 0 {
		return nil
	}
	lines := []string{s.countLine()}
	if len(s.Pool) > 1 {
		// With several resolvers, say how each fared: slow, failing or
		// lying ones got less work or none.
		for _, l := range s.Pool {
			lines = append(lines, "resolver "+l)
		}
	}
	switch {
	case s.RunComplete:
		base := ""
		if len(s.Baselines) > 0 {
			base = "; baseline recorded for " + strings.Join(s.Baselines, ", ")
		}
		lines = append(lines, fmt.Sprintf("%d change(s) since the last complete run%s", len(s.Changes), base))
	case s.Stored:
		lines = append(lines, fmt.Sprintf("shard %s of run %s done; the run completes, and reports its changes, with the last shard", shard, run))
	}
	return lines
}

func (s *Summary) countLine() string {
	rate := float64(s.Done) / max(s.Elapsed.Seconds(), 1e-9)
	var rs []string
	for _, k := range slices.Sorted(maps.Keys(s.Reasons)) {
		rs = append(rs, fmt.Sprintf("%s %d", k, s.Reasons[k]))
	}
	unk := fmt.Sprintf("%d unknown", s.Status[resolve.Unknown])
	if len(rs) > 0 {
		unk += " (" + strings.Join(rs, ", ") + ")"
	}
	var vs []string
	for _, v := range judge.Verdicts {
		vs = append(vs, fmt.Sprintf("%s %d", v, s.Verdicts[v]))
	}
	state := "scanned"
	if s.Interrupted {
		state = "interrupted after"
	}
	return fmt.Sprintf("%s %d of %d names in %s (%.0f names/s): %d registered, %d unregistered, %s; verdicts: %s; %d offered for registration, confirmed by their registries",
		state, s.Done, s.Total, s.Elapsed.Round(time.Millisecond), rate, s.Status[resolve.Registered], s.Status[resolve.Unregistered], unk, strings.Join(vs, ", "), s.Offered)
}
