package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// opener opens a fresh, empty store of one backend for a test.
type opener func(t testing.TB) *DB

// pgEnv names the PostgreSQL the tests use: a URL to a database the tests may
// create schemas in. .ci/run starts a throw-away cluster and sets it.
const pgEnv = "LOOKALIKE_TEST_POSTGRES"

// openPostgresTemp opens a store in a schema of its own, dropped when the
// test ends. Without pgEnv the test is skipped, except under CI=true: CI must
// not pass by not running the PostgreSQL half of the suite.
func openPostgresTemp(t testing.TB) *DB {
	t.Helper()
	s, err := OpenURL(context.Background(), postgresTempURL(t), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresTempURL creates a schema for one test and returns the URL of a
// store in it.
func postgresTempURL(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(pgEnv)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is unset: .ci/run starts a PostgreSQL for the store tests", pgEnv)
		}
		t.Skipf("%s unset: no PostgreSQL to test against", pgEnv)
	}
	schema := fmt.Sprintf("t_%d_%d", time.Now().UnixNano(), rand.IntN(1<<30))
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema on %s: %v", Redact(dsn), err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", dsn)
		if err == nil {
			a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			a.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

var backends = []struct {
	name string
	open opener
}{
	{"sqlite", openTemp},
	{"postgres", openPostgresTemp},
}

// TestStore is the store's behaviour suite: every case runs on SQLite and on
// PostgreSQL, so the two cannot drift apart.
func TestStore(t *testing.T) {
	cases := []struct {
		name string
		test func(*testing.T, opener)
	}{
		{"changes", testChanges},
		{"changes errors", testChangesErrors},
		{"changes per brand", testChangesPerBrand},
		{"changes golden", testChangesGolden},
		{"runs", testRuns},
		{"batches and validation", testRunAddBatchesAndValidates},
		{"a batch adds its brand", testWriteBatchAddsBrand},
		{"unchanged names cost nothing", testUnchangedCostsNothing},
		{"shards complete the run once", testShardsCompleteOnce},
		{"a killed shard is rerun", testShardRerun},
		{"shard arguments", testShardErrors},
		{"concurrent shards", testConcurrentShards},
		{"shard locks", testShardLocks},
		{"notifications", testNotifications},
		{"deliver pending", testDeliverPending},
		{"prune", testPrune},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) { c.test(t, b.open) })
			}
		})
	}
}

func countStates(t *testing.T, s *DB) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM states`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A name that does not change costs no row per run; a change costs one.
func testUnchangedCostsNothing(t *testing.T, open opener) {
	s := open(t)
	night := []Observation{unreg("a.fr"), unreg("b.fr"), reg("c.fr", "third-party", withA("192.0.2.1"))}
	record(t, s, run(night...))
	record(t, s, run(night...), run(night...), run(night...))
	if n := countStates(t, s); n != 3 {
		t.Errorf("4 unchanged nights of 3 names: %d states, want 3", n)
	}
	changed := slices.Clone(night)
	changed[2] = reg("c.fr", "third-party", withA("192.0.2.2"))
	ids := record(t, s, run(changed...))
	if n := countStates(t, s); n != 4 {
		t.Errorf("after one change: %d states, want 4", n)
	}
	obs, err := s.Observations(ids[0], "brand.fr")
	if err != nil || len(obs) != 3 || obs[2].A[0] != "192.0.2.2" {
		t.Errorf("Observations of the last night = %+v, %v", obs, err)
	}
	if cs, err := s.Changes("brand.fr", 0, 0); err != nil || len(cs) != 1 || cs[0].Field != "a" {
		t.Errorf("Changes = %+v, %v; want the one a change", cs, err)
	}
}

// beginShards begins shards of one named run, in order.
func beginShards(t *testing.T, s *DB, name string, n int) []*Run {
	t.Helper()
	var out []*Run
	for i := range n {
		r, err := s.BeginShard(name, i, n, []string{"brand.fr"}, fmt.Sprintf("shard %d/%d", i, n))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// The run completes when its last shard does, and only that shard's Finish
// says so; until then it is no baseline.
func testShardsCompleteOnce(t *testing.T, open opener) {
	s := open(t)
	record(t, s, run(unreg("a.fr"), unreg("b.fr"), unreg("c.fr")))
	rs := beginShards(t, s, "night-2", 3)
	if rs[0].ID != rs[1].ID || rs[1].ID != rs[2].ID {
		t.Fatalf("shards of one run got runs %d %d %d", rs[0].ID, rs[1].ID, rs[2].ID)
	}
	names := []Observation{reg("a.fr", "third-party"), unreg("b.fr"), unreg("c.fr")}
	for _, i := range []int{2, 0, 1} {
		if err := rs[i].Add(names[i]); err != nil {
			t.Fatal(err)
		}
		if err := rs[i].Finish(rs[i].Counts()); err != nil {
			t.Fatal(err)
		}
		runs, _ := s.Runs("brand.fr")
		last := runs[len(runs)-1]
		if i != 1 {
			if rs[i].Completed() || last.Complete {
				t.Fatalf("shard %d completed the run with shards left", i)
			}
			if _, err := s.Changes("brand.fr", 0, 0); !errors.Is(err, ErrNoBaseline) {
				t.Fatalf("an incomplete sharded run is compared: %v", err)
			}
			continue
		}
		if !rs[i].Completed() || !last.Complete || last.ShardsDone != 3 || last.Shards != 3 || last.Name != "night-2" {
			t.Fatalf("last shard: completed %v, run %+v", rs[i].Completed(), last)
		}
		if last.Counts.Names != 3 || last.Counts.Registered != 1 || last.Counts.Unregistered != 2 {
			t.Errorf("run counts = %+v, want the shards' sum", last.Counts)
		}
	}
	cs, err := s.Changes("brand.fr", 0, 0)
	if err != nil || len(cs) != 1 || cs[0].Domain != "a.fr" || cs[0].Kind != NewlyRegistered {
		t.Errorf("Changes = %+v, %v; want a.fr newly registered", cs, err)
	}
	if _, err := s.BeginShard("night-2", 0, 3, nil, ""); !errors.Is(err, ErrFinished) {
		t.Errorf("shard of a complete run begun again: %v", err)
	}
}

// A shard killed mid-run leaves the run incomplete; beginning it again
// replaces what it wrote, and counts nothing twice.
func testShardRerun(t *testing.T, open opener) {
	s := open(t)
	record(t, s, run(unreg("a.fr"), unreg("b.fr"), unreg("c.fr"), unreg("d.fr")))
	rs := beginShards(t, s, "night", 2)
	must(t, rs[0].Add(unreg("a.fr"), unreg("b.fr")))
	must(t, rs[0].Finish(rs[0].Counts()))
	// Shard 1 is killed after one batch that saw c.fr registered (a glitch
	// the rerun will not see).
	must(t, rs[1].Add(reg("c.fr", "third-party", withA("192.0.2.7"))))
	must(t, rs[1].Flush())
	if runs, _ := s.Runs("brand.fr"); runs[len(runs)-1].Complete {
		t.Fatal("a run with a killed shard is complete")
	}
	again, err := s.BeginShard("night", 1, 2, []string{"brand.fr"}, "rerun")
	if err != nil {
		t.Fatal(err)
	}
	must(t, again.Add(unreg("c.fr"), reg("d.fr", "third-party")))
	must(t, again.Finish(again.Counts()))
	if !again.Completed() {
		t.Fatal("the rerun shard did not complete the run")
	}
	runs, _ := s.Runs("brand.fr")
	last := runs[len(runs)-1]
	if !last.Complete || last.Counts.Names != 4 || last.Counts.Registered != 1 {
		t.Errorf("run after rerun: %+v; want complete, 4 names, 1 registered", last)
	}
	obs, err := s.Observations(last.ID, "brand.fr")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range obs {
		got = append(got, o.Domain+" "+o.Status)
	}
	want := []string{"a.fr unregistered", "b.fr unregistered", "c.fr unregistered", "d.fr registered"}
	if !slices.Equal(got, want) {
		t.Errorf("Observations = %q, want %q (the killed attempt's c.fr replaced)", got, want)
	}
	cs, err := s.Changes("brand.fr", 0, 0)
	if err != nil || len(cs) != 1 || cs[0].Domain != "d.fr" {
		t.Errorf("Changes = %+v, %v; want only d.fr", cs, err)
	}
	if _, err := s.BeginShard("night", 0, 2, nil, ""); !errors.Is(err, ErrFinished) {
		t.Errorf("begin of a completed run's shard: %v", err)
	}
}

func testShardErrors(t *testing.T, open opener) {
	s := open(t)
	beginShards(t, s, "n", 2)
	tests := []struct {
		name    string
		run     string
		i, n    int
		wantErr error
	}{
		{"no name", "", 0, 2, ErrUsage},
		{"index out of range", "n", 2, 2, ErrUsage},
		{"negative index", "n", -1, 2, ErrUsage},
		{"other shard count for the same run", "n", 0, 3, ErrUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.BeginShard(tt.run, tt.i, tt.n, nil, ""); !errors.Is(err, tt.wantErr) {
				t.Errorf("BeginShard(%q, %d, %d) = %v, want %v", tt.run, tt.i, tt.n, err, tt.wantErr)
			}
		})
	}
}

// Shards that begin and finish at the same moment: exactly one of them
// completes the run.
func testConcurrentShards(t *testing.T, open opener) {
	s := open(t)
	const n = 6
	for night := range 3 {
		name := fmt.Sprintf("night-%d", night)
		var (
			wg        sync.WaitGroup
			mu        sync.Mutex
			completed int
			errs      []error
		)
		for i := range n {
			wg.Go(func() {
				r, err := s.BeginShard(name, i, n, []string{"brand.fr"}, "")
				if err == nil {
					err = r.Add(unreg(fmt.Sprintf("s%d.fr", i)))
				}
				if err == nil {
					err = r.Finish(r.Counts())
				}
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				} else if r.Completed() {
					completed++
				}
			})
		}
		wg.Wait()
		if len(errs) > 0 || completed != 1 {
			t.Fatalf("%s: %d shards said they completed the run, errors %v; want exactly 1", name, completed, errs)
		}
	}
	runs, _ := s.Runs("brand.fr")
	if len(runs) != 3 || !runs[2].Complete || runs[2].Counts.Names != n {
		t.Errorf("runs = %+v", runs)
	}
}

func testShardLocks(t *testing.T, open opener) {
	s := open(t)
	u1, err := s.LockShard("night", 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LockShard("night", 1, 3); !errors.Is(err, ErrLocked) {
		t.Errorf("second lock of one shard: %v, want ErrLocked", err)
	}
	u2, err := s.LockShard("night", 2, 3)
	if err != nil {
		t.Errorf("another shard's lock: %v", err)
	} else {
		u2()
	}
	u1()
	u3, err := s.LockShard("night", 1, 3)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	u3()
	if _, err := s.LockShard("night", 3, 3); !errors.Is(err, ErrUsage) {
		t.Errorf("shard 3 of 3: %v, want ErrUsage", err)
	}
}

// A notification that failed is kept and comes back until it is delivered.
func testNotifications(t *testing.T, open opener) {
	s := open(t)
	if id, err := s.AddNotification(1, nil); err != nil || id != 0 {
		t.Errorf("no changes: id %d, %v; want no notification", id, err)
	}
	ids := record(t, s, run(unreg("x.fr")), run(reg("x.fr", "third-party")), run(reg("x.fr", "third-party", withMX("mx.x.fr"))))
	c2, _ := s.Changes("brand.fr", ids[1], 0)
	c3, _ := s.Changes("brand.fr", ids[2], 0)
	n2, err := s.AddNotification(ids[1], c2)
	must(t, err)
	n3, err := s.AddNotification(ids[2], c3)
	must(t, err)
	pending, err := s.PendingNotifications()
	must(t, err)
	if len(pending) != 2 || pending[0].ID != n2 || pending[1].ID != n3 || pending[0].Run != ids[1] ||
		len(pending[1].Changes) != 1 || pending[1].Changes[0].Kind != GainedMX || pending[0].Created.IsZero() {
		t.Fatalf("pending = %+v", pending)
	}
	must(t, s.MarkDelivered(n2))
	pending, _ = s.PendingNotifications()
	if len(pending) != 1 || pending[0].ID != n3 {
		t.Errorf("after delivering %d: pending %+v", n2, pending)
	}
	if err := s.MarkDelivered(n2); err == nil {
		t.Error("delivering a delivered notification again is no error")
	}
	must(t, s.MarkDelivered(n3))
	if pending, _ = s.PendingNotifications(); len(pending) != 0 {
		t.Errorf("all delivered, still pending: %+v", pending)
	}
}

func testPrune(t *testing.T, open opener) {
	s := open(t)
	ids := record(t, s, run(unreg("x.fr"), reg("old.fr", "third-party")), run(reg("x.fr", "third-party")), run(reg("x.fr", "third-party")))
	other := Observation{Brand: "other.com", Domain: "y.com", Status: StatusUnregistered}
	r, err := s.BeginRun([]string{"other.com"}, "")
	must(t, err)
	must(t, r.Add(other))
	must(t, r.Finish(r.Counts()))
	// Keep nothing: only each brand's latest complete run stays.
	st, err := s.Prune(0)
	must(t, err)
	runs, _ := s.Runs("")
	var kept []RunID
	for _, r := range runs {
		kept = append(kept, r.ID)
	}
	if st.Runs != 2 || !slices.Equal(kept, []RunID{ids[2], r.ID}) {
		t.Errorf("Prune(0) = %+v, kept runs %v; want %v and %d", st, kept, ids[2], r.ID)
	}
	if st.States != 2 { // old.fr (seen only in run 1) and x.fr's unregistered state
		t.Errorf("pruned %d states, want 2", st.States)
	}
	if obs, _ := s.Observations(ids[2], "brand.fr"); len(obs) != 1 || obs[0].Domain != "x.fr" {
		t.Errorf("the kept run lost its names: %+v", obs)
	}
	next := record(t, s, run(reg("x.fr", "third-party", withMX("mx.x.fr"))))
	cs, err := s.Changes("brand.fr", next[0], 0)
	if err != nil || len(cs) != 1 || cs[0].Kind != GainedMX || cs[0].BeforeRun != ids[2] {
		t.Errorf("diff after prune: %+v, %v; want gained-mx against run %d", cs, err, ids[2])
	}
	if st, err := s.Prune(time.Hour); err != nil || st.Runs != 0 {
		t.Errorf("Prune(1h) of runs made just now: %+v, %v", st, err)
	}
	if _, err := s.Prune(-time.Hour); !errors.Is(err, ErrUsage) {
		t.Errorf("negative keep: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// The two backends' schema histories stay the same length: one version
// number means one schema.
func TestSchemaVersionsAgree(t *testing.T) {
	if len(pgMigrations) != len(migrations) {
		t.Errorf("%d PostgreSQL migrations, %d SQLite ones", len(pgMigrations), len(migrations))
	}
}

func TestOpenURL(t *testing.T) {
	const pw = "s3cr3t-pw"
	tests := []struct {
		name, state string
		usage       bool
		want        string
	}{
		{"bad port", "postgres://u:" + pw + "@127.0.0.1:notaport/db", true, "postgres://u:xxxxx@"},
		{"other scheme", "mysql://u:" + pw + "@127.0.0.1/db", true, "SQLite file or a postgres:// URL"},
		{"empty", "", true, "--state"},
		{"nothing listens", "postgresql://u:" + pw + "@127.0.0.1:1/db?connect_timeout=2", false, "check that PostgreSQL is up"},
		{"password in the query", "postgres://127.0.0.1:1/db?user=u&password=" + pw + "&connect_timeout=2", false, "password=xxxxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenURL(context.Background(), tt.state, OpenOptions{})
			if err == nil {
				s.Close()
				t.Fatal("OpenURL succeeded")
			}
			if errors.Is(err, ErrUsage) != tt.usage {
				t.Errorf("errors.Is(err, ErrUsage) = %v, want %v: %v", !tt.usage, tt.usage, err)
			}
			if strings.Contains(err.Error(), pw) {
				t.Errorf("the password is in the error: %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://lookalike:hunter2@db:5432/state?sslmode=require", "postgres://lookalike:xxxxx@db:5432/state?sslmode=require"},
		{"postgresql://lookalike@db/state", "postgresql://lookalike@db/state"},
		{"postgres://db/state?password=hunter2", "postgres://db/state?password=xxxxx"},
		{"/var/lib/lookalike/state.db", "/var/lib/lookalike/state.db"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Redact(tt.in); got != tt.want {
				t.Errorf("Redact = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzRedact: whatever the URL, its password never survives Redact.
func FuzzRedact(f *testing.F) {
	f.Add("postgres://u:p@h/d")
	f.Add("postgresql://u:p%40ss@h:1/d?password=q")
	f.Fuzz(func(t *testing.T, s string) {
		got := Redact(s)
		if !strings.Contains(s, "://") {
			if got != s {
				t.Fatalf("Redact changed a non-URL: %q -> %q", s, got)
			}
			return
		}
		u, err := url.Parse(s)
		if err != nil {
			return
		}
		if p, ok := u.User.Password(); ok && len(p) > 3 && strings.Contains(got, p) && !strings.Contains("xxxxx", p) {
			t.Fatalf("Redact(%q) = %q keeps the password %q", s, got, p)
		}
	})
}

// A read-only open of PostgreSQL creates nothing where there is no store,
// and refuses writes where there is one.
func TestPostgresReadOnly(t *testing.T) {
	u := postgresTempURL(t)
	ctx := context.Background()
	if s, err := OpenURL(ctx, u, OpenOptions{ReadOnly: true}); err == nil {
		s.Close()
		t.Fatal("a read-only open of an empty database succeeded")
	} else if !errors.Is(err, ErrReadOnly) {
		t.Errorf("err = %v, want ErrReadOnly", err)
	}
	w, err := OpenURL(ctx, u, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	record(t, w, run(unreg("x.fr")))
	w.Close()
	ro, err := OpenURL(ctx, u, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if runs, err := ro.Runs("brand.fr"); err != nil || len(runs) != 1 {
		t.Errorf("Runs = %d, %v", len(runs), err)
	}
	if _, err := ro.BeginRun(nil, ""); !errors.Is(err, ErrReadOnly) {
		t.Errorf("BeginRun read-only: %v", err)
	}
	for _, pw := range secrets(u) {
		if strings.Contains(ro.Path(), pw) {
			t.Errorf("Path() = %q shows the password", ro.Path())
		}
	}
}

func testDeliverPending(t *testing.T, open opener) {
	s := open(t)
	change := func(d string) []Change { return []Change{{Brand: "brand.fr", Domain: d, Kind: NewlyRegistered}} }
	for i, d := range []string{"a.fr", "b.fr", "c.fr"} {
		if _, err := s.AddNotification(RunID(i+1), change(d)); err != nil {
			t.Fatal(err)
		}
	}
	var sent []string
	down := errors.New("503")
	send := func(fail string) func(Notification) error {
		return func(n Notification) error {
			if n.Changes[0].Domain == fail {
				return down
			}
			sent = append(sent, n.Changes[0].Domain)
			return nil
		}
	}
	n, err := DeliverPending(s, send("b.fr"))
	if n != 1 || !errors.Is(err, down) || !slices.Equal(sent, []string{"a.fr"}) {
		t.Fatalf("webhook down at b.fr: delivered %d, %v, sent %v", n, err, sent)
	}
	n, err = DeliverPending(s, send(""))
	if n != 2 || err != nil || !slices.Equal(sent, []string{"a.fr", "b.fr", "c.fr"}) {
		t.Fatalf("webhook back: delivered %d, %v, sent %v; want b.fr then c.fr, each once", n, err, sent)
	}
	if n, err := DeliverPending(s, send("")); n != 0 || err != nil {
		t.Errorf("nothing pending: %d, %v", n, err)
	}
}
