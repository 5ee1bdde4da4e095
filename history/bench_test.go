package history

import (
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkChanges diffs a 20,000-name brand against a history of ten runs.
func BenchmarkChanges(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "state.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const names, runs = 20000, 10
	var last RunID
	for k := range runs {
		r, err := s.BeginRun([]string{"brand.fr"}, "")
		if err != nil {
			b.Fatal(err)
		}
		for i := range names {
			o := unreg(fmt.Sprintf("n%05d.fr", i))
			switch {
			case i%10 == 0:
				o = reg(o.Domain, "third-party", withA(fmt.Sprintf("192.0.2.%d", (i+k)%256)))
			case (i+k)%7 == 0:
				o = unknown(o.Domain)
			}
			if err := r.Add(o); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.Finish(r.Counts()); err != nil {
			b.Fatal(err)
		}
		last = r.ID
	}
	for b.Loop() {
		if _, err := s.Changes("brand.fr", last, 0); err != nil {
			b.Fatal(err)
		}
	}
}
