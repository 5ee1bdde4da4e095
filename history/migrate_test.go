package history

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
)

// A store written by schema 1 (testdata/schema1.db, see schema1.txt) opens,
// becomes schema 2, and answers Runs, Observations and Changes as schema 1
// did, from fewer rows.
func TestMigrateSchema1(t *testing.T) {
	path := copyFile(t, filepath.Join("testdata", "schema1.db"), t.TempDir())
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v, states int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion {
		t.Fatalf("user_version = %d, %v; want %d", v, err, SchemaVersion)
	}
	if err := s.db.QueryRow("SELECT count(*) FROM states").Scan(&states); err != nil {
		t.Fatal(err)
	}
	// 13 observations; unchanged stretches of runs fold into one state each.
	if states != 9 {
		t.Errorf("%d states from 13 observations, want 9", states)
	}
	runs, err := s.Runs("brand.fr")
	if err != nil {
		t.Fatal(err)
	}
	var complete []bool
	for _, r := range runs {
		complete = append(complete, r.Complete)
	}
	if !slices.Equal(complete, []bool{true, true, false, true}) {
		t.Fatalf("runs complete = %v, want [true true false true]", complete)
	}
	wantObs := map[int][]string{
		0: {"q.fr unregistered ", "x.fr unregistered ", "y.fr registered 192.0.2.1", "z.fr registered 192.0.2.3"},
		1: {"q.fr unregistered ", "x.fr unregistered ", "y.fr registered 192.0.2.1", "z.fr unknown "},
		2: {"x.fr registered 192.0.2.9"},
		3: {"q.fr unregistered ", "x.fr registered 192.0.2.9", "y.fr registered 192.0.2.2", "z.fr registered 192.0.2.3"},
	}
	for i, r := range runs {
		obs, err := s.Observations(r.ID, "brand.fr")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range obs {
			got = append(got, fmt.Sprintf("%s %s %s", o.Domain, o.Status, join(o.A)))
			if !slices.Equal(o.Fuzzers, []string{"omission", "tld-swap"}) || o.Risk != 50 {
				t.Errorf("run %d %s: fuzzers %v risk %d lost in the migration", r.ID, o.Domain, o.Fuzzers, o.Risk)
			}
		}
		if !slices.Equal(got, wantObs[i]) {
			t.Errorf("Observations(run %d) = %q, want %q", r.ID, got, wantObs[i])
		}
	}
	for _, tt := range []struct {
		name  string
		since RunID
		want  []string
	}{
		{"default baseline", 0, []string{"x.fr newly-registered status 2", "y.fr records-changed a 2"}},
		{"since the first run", runs[0].ID, []string{"x.fr newly-registered status 1", "y.fr records-changed a 1"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := s.Changes("brand.fr", 0, tt.since)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range cs {
				got = append(got, fmt.Sprintf("%s %s %s %d", c.Domain, c.Kind, c.Field, c.BeforeRun))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Changes = %q, want %q", got, tt.want)
			}
		})
	}
	// The migrated store takes new runs and keeps folding.
	record(t, s, run(reg("x.fr", "third-party", withA("192.0.2.9"))))
	if cs, err := s.Changes("brand.fr", 0, 0); err != nil || len(cs) != 0 {
		t.Errorf("a night after the migration: %+v, %v; want no change", cs, err)
	}
}
