//go:build e2e

package e2e

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lookalike/lookalike/e2e/world"
)

// Issue 15: three shard processes of one run against the NSD world, started
// together on one state, scan exactly the names a single process scans,
// with the same statuses, each name once; exactly one of them completes
// the run and reports its changes.
func TestShardsMatchASingleRun(t *testing.T) {
	w := world.Shared(t)
	brands := []string{"acmebank.com", "globex.fr"}
	base := func(extra ...string) []string {
		return append(append(append([]string(nil), brands...), "--resolvers", w.NSD(), "--fuzzers", "omission,replacement,tld-swap"), extra...)
	}
	whole := scan(t, base()...)
	if whole.exit != 0 {
		t.Fatalf("single run: exit %d", whole.exit)
	}
	state := filepath.Join(t.TempDir(), "state.db")
	runs := make([]scanRun, 3)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runs[i] = scan(t, base("--state", state, "--shard", []string{"0/3", "1/3", "2/3"}[i], "--run", "night-1")...)
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	completed := 0
	for i, r := range runs {
		if r.exit != 0 {
			t.Fatalf("shard %d/3: exit %d", i, r.exit)
		}
		if strings.Contains(r.stderr, "change(s) since the last complete run") {
			completed++
		}
		for _, res := range r.results {
			seen[res.Domain]++
			if want, ok := whole.byName[res.Domain]; !ok {
				t.Errorf("shard %d scanned %s, which a single run does not", i, res.Domain)
			} else if res.Status != want.Status {
				t.Errorf("%s: %s in shard %d, %s in a single run", res.Domain, res.Status, i, want.Status)
			}
		}
	}
	for d := range whole.byName {
		if seen[d] != 1 {
			t.Errorf("%s scanned by %d shards, want exactly 1", d, seen[d])
		}
	}
	if completed != 1 {
		t.Errorf("%d shard processes completed the run, want exactly 1", completed)
	}
}
