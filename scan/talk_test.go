package scan

import (
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
)

func TestSummaryLines(t *testing.T) {
	base := func() *Summary {
		return &Summary{Total: 10, Done: 10, Elapsed: 2 * time.Second,
			Status:   map[resolve.Status]int{resolve.Registered: 3, resolve.Unregistered: 5, resolve.Unknown: 2},
			Reasons:  map[string]int{"timeout": 2},
			Verdicts: map[judge.Verdict]int{judge.Defend: 5}}
	}
	for _, tc := range []struct {
		name string
		edit func(*Summary)
		want []string
	}{
		{"counts", func(*Summary) {}, []string{"scanned 10 of 10 names in 2s (5 names/s): 3 registered, 5 unregistered, 2 unknown (timeout 2)"}},
		{"interrupted", func(s *Summary) { s.Done, s.Interrupted = 4, true }, []string{"interrupted after 4 of 10"}},
		{"one resolver: no pool lines", func(s *Summary) { s.Pool = []string{"127.0.0.1:53 ok"} }, []string{"scanned"}},
		{"several resolvers", func(s *Summary) { s.Pool = []string{"a", "b"} }, []string{"scanned", "resolver a", "resolver b"}},
		{"complete run", func(s *Summary) { s.RunComplete, s.Baselines = true, []string{"acmebank.com"} },
			[]string{"scanned", "0 change(s) since the last complete run; baseline recorded for acmebank.com"}},
		{"a shard", func(s *Summary) { s.Stored = true }, []string{"scanned", "shard 1/3 of run night done"}},
		{"nothing scanned", func(s *Summary) { s.Total, s.Done = 0, 0 }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := base()
			tc.edit(s)
			got := s.Lines("1/3", "night")
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %d lines like %q", got, len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("line %d: got %q, want it to start %q", i, got[i], w)
				}
			}
		})
	}
}
