package history

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"github.com/lookalike/lookalike/internal/golden"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func openTemp(t testing.TB) *DB {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// runSpec is one run of a scenario: its observations and whether it finished.
type runSpec struct {
	obs        []Observation
	incomplete bool
}

func record(t *testing.T, s *DB, runs ...runSpec) []RunID {
	t.Helper()
	var ids []RunID
	for _, rs := range runs {
		r, err := s.BeginRun([]string{"brand.fr"}, "test")
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Add(rs.obs...); err != nil {
			t.Fatal(err)
		}
		if rs.incomplete {
			if err := r.Flush(); err != nil {
				t.Fatal(err)
			}
		} else if err := r.Finish(r.Counts()); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

func run(obs ...Observation) runSpec        { return runSpec{obs: obs} }
func incomplete(obs ...Observation) runSpec { return runSpec{obs: obs, incomplete: true} }

func testChanges(t *testing.T, open opener) {
	type want struct {
		Domain    string
		Kind      Kind
		Field     string
		BeforeRun int // index into the scenario's runs, -1 for none
	}
	tests := []struct {
		name  string
		runs  []runSpec
		run   int // index of the run compared, -1 for the default
		since int // index of the baseline, -1 for the default
		want  []want
	}{
		{"newly registered",
			[]runSpec{run(unreg("x.fr")), run(reg("x.fr", "third-party"))}, -1, -1,
			[]want{{"x.fr", NewlyRegistered, "status", 0}}},
		{"dropped",
			[]runSpec{run(reg("x.fr", "owned")), run(unreg("x.fr"))}, -1, -1,
			[]want{{"x.fr", Dropped, "status", 0}}},
		{"gained mx and changed a",
			[]runSpec{run(reg("x.fr", "third-party", withA("192.0.2.1"))),
				run(reg("x.fr", "third-party", withA("192.0.2.9"), withMX("mx.example")))}, -1, -1,
			[]want{{"x.fr", GainedMX, "mx", 0}, {"x.fr", RecordsChanged, "a", 0}}},
		{"unknown keeps the last known state: no false alarm",
			[]runSpec{run(reg("x.fr", "third-party", withA("192.0.2.1"))), run(unknown("x.fr"))}, -1, -1,
			nil},
		{"unknown keeps the last known state: no false drop after two flaky nights",
			[]runSpec{run(reg("x.fr", "owned")), run(unknown("x.fr")), run(unknown("x.fr"))}, -1, -1,
			nil},
		{"unknown hides no real change: the next known result is compared with the last known one",
			[]runSpec{run(unreg("x.fr")), run(unknown("x.fr")), run(reg("x.fr", "third-party"))}, -1, -1,
			[]want{{"x.fr", NewlyRegistered, "status", 0}}},
		{"unknown tonight, changed since the older baseline",
			[]runSpec{run(unreg("x.fr")), run(reg("x.fr", "third-party")), run(unknown("x.fr"))}, 2, 0,
			[]want{{"x.fr", NewlyRegistered, "status", 0}}},
		{"an incomplete run is no baseline",
			[]runSpec{run(reg("x.fr", "third-party", withA("192.0.2.1"))),
				incomplete(reg("x.fr", "third-party", withA("192.0.2.2"))),
				run(reg("x.fr", "third-party", withA("192.0.2.2")))}, -1, -1,
			[]want{{"x.fr", RecordsChanged, "a", 0}}},
		{"an incomplete run is nobody's last known state",
			[]runSpec{run(unreg("x.fr")), incomplete(reg("x.fr", "third-party")), run(unknown("x.fr"))}, -1, -1,
			nil},
		{"the default run is the latest complete one",
			[]runSpec{run(unreg("x.fr")), run(reg("x.fr", "parked")), incomplete(unreg("x.fr"))}, -1, -1,
			[]want{{"x.fr", NewlyRegistered, "status", 0}}},
		{"a name the baseline never scanned is new to the list, not a change",
			[]runSpec{run(unreg("x.fr")), run(unreg("x.fr"), reg("y.fr", "third-party"))}, -1, -1,
			nil},
		{"a name scanned before but never known counts as newly registered",
			[]runSpec{run(unknown("y.fr")), run(reg("y.fr", "third-party"))}, -1, -1,
			[]want{{"y.fr", NewlyRegistered, "status", -1}}},
		{"a name missing tonight is not dropped",
			[]runSpec{run(reg("x.fr", "third-party")), run(unreg("z.fr"))}, -1, -1,
			nil},
		{"explicit since skips the runs between",
			[]runSpec{run(unreg("x.fr")), run(reg("x.fr", "third-party")), run(reg("x.fr", "third-party"))}, 2, 0,
			[]want{{"x.fr", NewlyRegistered, "status", 0}}},
		{"verdict moves",
			[]runSpec{run(reg("p.fr", "third-party"), reg("o.fr", "owned")), run(reg("p.fr", "parked"), reg("o.fr", "third-party"))}, -1, -1,
			[]want{{"p.fr", NowParked, "verdict", 0}, {"o.fr", VerdictChanged, "verdict", 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			ids := record(t, s, tt.runs...)
			var r, since RunID
			if tt.run >= 0 {
				r = ids[tt.run]
			}
			if tt.since >= 0 {
				since = ids[tt.since]
			}
			cs, err := s.Changes("brand.fr", r, since)
			if err != nil {
				t.Fatal(err)
			}
			var got []want
			for _, c := range cs {
				br := -1
				if c.BeforeRun != 0 {
					br = slices.Index(ids, c.BeforeRun)
				}
				got = append(got, want{c.Domain, c.Kind, c.Field, br})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Changes:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func testChangesErrors(t *testing.T, open opener) {
	s := open(t)
	if _, err := s.Changes("brand.fr", 0, 0); !errors.Is(err, ErrNoBaseline) {
		t.Errorf("empty store: err = %v, want ErrNoBaseline", err)
	}
	ids := record(t, s, run(unreg("x.fr")), incomplete(unreg("x.fr")), run(unreg("x.fr")))
	tests := []struct {
		name       string
		brand      string
		run, since RunID
		want       error
	}{
		{"first run has no baseline", "brand.fr", ids[0], 0, ErrNoBaseline},
		{"incomplete since", "brand.fr", ids[2], ids[1], ErrNoRun},
		{"since not older", "brand.fr", ids[0], ids[2], ErrNoRun},
		{"no such run", "brand.fr", 999, 0, ErrNoRun},
		{"other brand", "other.fr", ids[2], ids[0], ErrNoRun},
		{"other brand, defaults", "other.fr", 0, 0, ErrNoBaseline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Changes(tt.brand, tt.run, tt.since)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

// Changes of several brands in one run stay apart.
func testChangesPerBrand(t *testing.T, open opener) {
	s := open(t)
	other := func(o Observation) Observation { o.Brand = "other.com"; return o }
	for _, obs := range [][]Observation{
		{unreg("x.fr"), other(unreg("x.fr"))},
		{reg("x.fr", "third-party"), other(unreg("x.fr"))},
	} {
		r, err := s.BeginRun([]string{"brand.fr", "other.com"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Add(obs...); err != nil {
			t.Fatal(err)
		}
		if err := r.Finish(r.Counts()); err != nil {
			t.Fatal(err)
		}
	}
	if cs, err := s.Changes("brand.fr", 0, 0); err != nil || len(cs) != 1 {
		t.Errorf("brand.fr: %d changes, err %v; want 1", len(cs), err)
	}
	if cs, err := s.Changes("other.com", 0, 0); err != nil || len(cs) != 0 {
		t.Errorf("other.com: %+v, err %v; want none", cs, err)
	}
}

// TestChangesGolden pins the full listing of a night with every kind of change.
func testChangesGolden(t *testing.T, open opener) {
	s := open(t)
	night1 := []Observation{
		unreg("brand-refund.fr"),
		unreg("brand-login.com"),
		reg("brnad.fr", "third-party", withA("192.0.2.10"), withNS("ns1.host.example")),
		reg("brand.net", "owned", withA("198.51.100.1"), withNS("ns1.brand.fr")),
		reg("bran.fr", "third-party", withNS("ns1.host.example")),
		reg("brands.fr", "third-party", withNS("ns1.host.example")),
		reg("barnd.fr", "third-party", withA("192.0.2.20")),
		unreg("flaky.fr"),
	}
	night2 := []Observation{
		reg("brand-refund.fr", "third-party", withMX("mx.evil.example"), withA("192.0.2.66"), withNS("ns1.evil.example")),
		reg("brand-login.com", "parked", withNS("ns1.parking.example")),
		reg("brnad.fr", "third-party", withA("192.0.2.11"), withNS("ns1.host.example")),
		unreg("brand.net"),
		reg("bran.fr", "third-party", withNS("ns1.host.example"), withMX("mail.bran.fr")),
		reg("brands.fr", "parked", withNS("ns1.host.example")),
		reg("barnd.fr", "third-party", withA("192.0.2.20")),
		unknown("flaky.fr"),
	}
	for i := range night2 {
		night2[i].Risk = 90 - 10*i
	}
	record(t, s, run(night1...), run(night2...))
	cs, err := s.Changes("brand.fr", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(cs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, filepath.Join("testdata", "changes.golden.json"), got)
	if !Alerting(cs) {
		t.Error("a newly registered lookalike with MX must alert")
	}
}

func testRuns(t *testing.T, open opener) {
	s := open(t)
	ids := record(t, s, run(reg("x.fr", "third-party"), unreg("y.fr"), unknown("z.fr")), incomplete(unreg("x.fr")))
	runs, err := s.Runs("brand.fr")
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != ids[0] || runs[1].ID != ids[1] {
		t.Fatalf("Runs = %+v, want runs %v", runs, ids)
	}
	first, second := runs[0], runs[1]
	if !first.Complete || first.Finished.IsZero() || first.Started.IsZero() || first.Finished.Before(first.Started) {
		t.Errorf("first run times: %+v", first)
	}
	wantCounts := Counts{Names: 3, Registered: 1, Unregistered: 1, Unknown: 1,
		Verdicts: map[string]int{"third-party": 1, "defend": 1, "unknown": 1}}
	if c := first.Counts; c.Names != wantCounts.Names || c.Registered != 1 || c.Unregistered != 1 || c.Unknown != 1 ||
		len(c.Verdicts) != 3 || c.Verdicts["defend"] != 1 {
		t.Errorf("counts = %+v, want %+v", c, wantCounts)
	}
	if !slices.Equal(first.Brands, []string{"brand.fr"}) || first.Options != "test" {
		t.Errorf("brands/options = %v %q", first.Brands, first.Options)
	}
	if second.Complete || !second.Finished.IsZero() {
		t.Errorf("an unfinished run reads as complete: %+v", second)
	}
	if all, err := s.Runs(""); err != nil || len(all) != 2 {
		t.Errorf("Runs(\"\") = %d runs, %v", len(all), err)
	}
	if none, err := s.Runs("nobody.fr"); err != nil || len(none) != 0 {
		t.Errorf("Runs(nobody.fr) = %+v, %v", none, err)
	}
	obs, err := s.Observations(ids[0], "brand.fr")
	if err != nil || len(obs) != 3 || obs[0].Domain != "x.fr" || obs[0].Verdict != "third-party" {
		t.Errorf("Observations = %+v, %v", obs, err)
	}
}

func testRunAddBatchesAndValidates(t *testing.T, open opener) {
	s := open(t)
	r, err := s.BeginRun([]string{"brand.fr"}, "")
	if err != nil {
		t.Fatal(err)
	}
	r.batch = 3
	for i := range 7 {
		if err := r.Add(unreg(string(rune('a'+i)) + ".fr")); err != nil {
			t.Fatal(err)
		}
	}
	// Six were written in two batches; one waits in the buffer.
	if obs, _ := s.Observations(r.ID, "brand.fr"); len(obs) != 6 {
		t.Errorf("stored before Finish: %d, want 6", len(obs))
	}
	bad := []Observation{unreg("ok.fr"), {Brand: "brand.fr", Domain: "bad.fr", Status: "maybe"}}
	if err := r.Add(bad...); err == nil || !strings.Contains(err.Error(), "maybe") {
		t.Errorf("bad status: err = %v", err)
	}
	if err := r.Add(Observation{Brand: "brand.fr", Status: StatusUnknown}); err == nil {
		t.Error("empty domain accepted")
	}
	if err := r.Finish(r.Counts()); err != nil {
		t.Fatal(err)
	}
	if obs, _ := s.Observations(r.ID, "brand.fr"); len(obs) != 7 {
		t.Errorf("stored after Finish: %d, want 7 (the rejected call adds nothing)", len(obs))
	}
	if c := r.Counts(); c.Names != 7 {
		t.Errorf("counts: %d names, want 7", c.Names)
	}
	if err := r.Add(unreg("late.fr")); !errors.Is(err, ErrFinished) {
		t.Errorf("Add after Finish: %v", err)
	}
	if err := r.Finish(Counts{}); !errors.Is(err, ErrFinished) {
		t.Errorf("second Finish: %v", err)
	}
}

// An observation of a brand the run did not announce still lands in its
// history.
func testWriteBatchAddsBrand(t *testing.T, open opener) {
	s := open(t)
	r, err := s.BeginRun(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Add(unreg("x.fr")); err != nil {
		t.Fatal(err)
	}
	if err := r.Finish(r.Counts()); err != nil {
		t.Fatal(err)
	}
	if runs, _ := s.Runs("brand.fr"); len(runs) != 1 {
		t.Errorf("Runs(brand.fr) = %d runs, want 1", len(runs))
	}
}

func TestOpenMigratesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	record(t, s, run(unreg("x.fr")))
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v int
	var mode string
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion {
		t.Errorf("user_version = %d, %v; want %d", v, err, SchemaVersion)
	}
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	if runs, _ := s.Runs(""); len(runs) != 1 {
		t.Errorf("reopened store has %d runs, want 1", len(runs))
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	newer := filepath.Join(dir, "newer.db")
	db, err := sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, bytes.Repeat([]byte("not a database "), 500), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"newer schema", newer, "newer than this lookalike knows"},
		{"not sqlite", junk, "junk.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(tt.path)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

func TestDefaultPath(t *testing.T) {
	tests := []struct {
		name, xdg, home, want string
	}{
		{"xdg", "/data", "/home/u", "/data/lookalike/state.db"},
		{"relative xdg is ignored", "data", "/home/u", "/home/u/.local/share/lookalike/state.db"},
		{"home", "", "/home/u", "/home/u/.local/share/lookalike/state.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			t.Setenv("HOME", tt.home)
			got, err := DefaultPath()
			if err != nil || got != tt.want {
				t.Errorf("DefaultPath() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
