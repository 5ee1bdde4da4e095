package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// dialect is the SQL engine under a DB. Most statements are shared; the few
// that differ branch on it.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// DB is the scan store, on SQLite (Open, OpenReadOnly) or PostgreSQL
// (OpenURL). Open one per process; it is safe for concurrent use. SQLite lets
// other processes read while a run writes (WAL); PostgreSQL lets the shard
// processes of one run write at once.
type DB struct {
	db       *sql.DB
	path     string // the file, or the URL with its password redacted
	dialect  dialect
	readOnly bool
}

var _ Store = (*DB)(nil)

// Close closes the store. A run not finished by then stays incomplete.
func (s *DB) Close() error { return s.db.Close() }

// Path is the file the store was opened from, or its URL without password.
func (s *DB) Path() string { return s.path }

// q adapts a statement written with ? placeholders to the dialect.
func (s *DB) q(query string) string {
	if s.dialect != postgresDialect {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (s *DB) writable(what string) error {
	if s.readOnly {
		return fmt.Errorf("%s in %s: %w; open it for writing (a scan with --state does)", what, s.path, ErrReadOnly)
	}
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func normBrand(b string) string { return strings.ToLower(strings.TrimSuffix(b, ".")) }

// BeginRun records the start of a run of brands that is not sharded: shard 0
// of 1 of a run without a name.
func (s *DB) BeginRun(brands []string, options string) (*Run, error) {
	return s.begin("", 0, 1, brands, options)
}

// BeginShard starts shard i (0 ≤ i < n) of the run called name. The first
// shard to begin creates the run; the others join it. Beginning a shard that
// was killed begins it again: what it writes replaces what the killed attempt
// wrote, and its counts replace the killed attempt's, so nothing is counted
// twice. A shard that completed, a run that completed, and a name already
// used with another n are refused. Run a killed shard again before the next
// run of its brands begins: a state it replaces is the one before tonight's.
func (s *DB) BeginShard(name string, i, n int, brands []string, options string) (*Run, error) {
	switch {
	case strings.TrimSpace(name) == "":
		return nil, fmt.Errorf("begin shard: %w: the run needs a name the shards share (--run NAME)", ErrUsage)
	case n < 1 || i < 0 || i >= n:
		return nil, fmt.Errorf("begin shard %d/%d of run %q: %w: want 0 <= shard < shards", i, n, name, ErrUsage)
	}
	return s.begin(name, i, n, brands, options)
}

func (s *DB) begin(name string, shard, shards int, brands []string, options string) (*Run, error) {
	if err := s.writable("begin run"); err != nil {
		return nil, err
	}
	fail := func(err error) (*Run, error) {
		if name != "" {
			return nil, fmt.Errorf("begin shard %d/%d of run %q in %s: %w", shard, shards, name, s.path, err)
		}
		return nil, fmt.Errorf("begin run in %s: %w", s.path, err)
	}
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	now := stamp(time.Now())
	var id int64
	if name == "" {
		if err := tx.QueryRow(s.q(`INSERT INTO runs (started, options) VALUES (?, ?) RETURNING id`), now, options).Scan(&id); err != nil {
			return fail(err)
		}
		if _, err := tx.Exec(s.q(`INSERT INTO run_shards (run, shard, started) VALUES (?, 0, ?)`), id, now); err != nil {
			return fail(err)
		}
	} else {
		// Shards of one run begin at once: the unique name lets exactly one
		// insert the run, and the others find it.
		if _, err := tx.Exec(s.q(`INSERT INTO runs (name, shards, started, options) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
			name, shards, now, options); err != nil {
			return fail(err)
		}
		var (
			have     int
			finished sql.NullString
		)
		if err := tx.QueryRow(s.q(`SELECT id, shards, finished FROM runs WHERE name = ?`), name).Scan(&id, &have, &finished); err != nil {
			return fail(err)
		}
		if have != shards {
			return fail(fmt.Errorf("%w: the run has %d shards, not %d; give every shard the same count, or another --run name", ErrUsage, have, shards))
		}
		if finished.Valid {
			return fail(fmt.Errorf("%w: the run completed at %s; give tonight's run another --run name", ErrFinished, finished.String))
		}
		var shardDone sql.NullString
		err := tx.QueryRow(s.q(`SELECT finished FROM run_shards WHERE run = ? AND shard = ?`), id, shard).Scan(&shardDone)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.Exec(s.q(`INSERT INTO run_shards (run, shard, started) VALUES (?, ?, ?)`), id, shard, now); err != nil {
				return fail(err)
			}
		case err != nil:
			return fail(err)
		case shardDone.Valid:
			return fail(fmt.Errorf("%w: this shard completed at %s; only an incomplete shard is run again", ErrFinished, shardDone.String))
		default:
			if _, err := tx.Exec(s.q(`UPDATE run_shards SET started = ?, attempts = attempts + 1, counts = '{}' WHERE run = ? AND shard = ?`),
				now, id, shard); err != nil {
				return fail(err)
			}
		}
	}
	for _, b := range brands {
		if _, err := tx.Exec(s.q(`INSERT INTO run_brands (run, brand) VALUES (?, ?) ON CONFLICT DO NOTHING`), id, normBrand(b)); err != nil {
			return fail(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	r := NewRun(RunID(id), s, DefaultBatch)
	r.Shard, r.Shards = shard, shards
	return r, nil
}

// FinishRun marks shard of run complete and, when every shard of the run is,
// the run. The transaction that sees the last shard finish is the one that
// completes the run, so exactly one caller gets completed == true.
func (s *DB) FinishRun(run RunID, shard int, c Counts, at time.Time) (bool, error) {
	if err := s.writable("finish run"); err != nil {
		return false, err
	}
	counts, err := json.Marshal(c)
	if err != nil {
		return false, err
	}
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	lock := ""
	if s.dialect == postgresDialect {
		// Serialises the shards' finishes on the run's row; SQLite's
		// immediate transactions already hold the one write lock. NO KEY:
		// other shards' writes check their foreign keys against this row
		// (KEY SHARE) and need not wait for a finish.
		lock = " FOR NO KEY UPDATE"
	}
	var (
		shards   int
		finished sql.NullString
	)
	if err := tx.QueryRow(s.q(`SELECT shards, finished FROM runs WHERE id = ?`+lock), run).Scan(&shards, &finished); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("run %d: %w", run, ErrNoRun)
		}
		return false, err
	}
	res, err := tx.Exec(s.q(`UPDATE run_shards SET finished = ?, counts = ? WHERE run = ? AND shard = ? AND finished IS NULL`),
		stamp(at), string(counts), run, shard)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, err
	} else if n != 1 {
		return false, fmt.Errorf("shard %d of run %d: %w", shard, run, ErrFinished)
	}
	completed := false
	if !finished.Valid {
		rows, err := tx.Query(s.q(`SELECT counts FROM run_shards WHERE run = ? AND finished IS NOT NULL`), run)
		if err != nil {
			return false, err
		}
		total, done := Counts{Verdicts: map[string]int{}}, 0
		for rows.Next() {
			var js string
			if err := rows.Scan(&js); err != nil {
				rows.Close()
				return false, err
			}
			var sc Counts
			if err := json.Unmarshal([]byte(js), &sc); err != nil {
				rows.Close()
				return false, fmt.Errorf("counts of run %d: %w", run, err)
			}
			total.add(sc)
			done++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return false, err
		}
		if done == shards {
			if shards == 1 {
				total = c // the caller's own counts, as they were given
			}
			all, err := json.Marshal(total)
			if err != nil {
				return false, err
			}
			if _, err := tx.Exec(s.q(`UPDATE runs SET finished = ?, counts = ? WHERE id = ?`), stamp(at), string(all), run); err != nil {
				return false, err
			}
			completed = true
		}
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	return completed, nil
}

func (c *Counts) add(o Counts) {
	c.Names += o.Names
	c.Registered += o.Registered
	c.Unregistered += o.Unregistered
	c.Unknown += o.Unknown
	for k, v := range o.Verdicts {
		if c.Verdicts == nil {
			c.Verdicts = map[string]int{}
		}
		c.Verdicts[k] += v
	}
}

// Runs lists the runs that scanned brand (all runs when brand is ""), oldest
// first.
func (s *DB) Runs(brand string) ([]RunInfo, error) {
	fail := func(err error) ([]RunInfo, error) { return nil, fmt.Errorf("list runs in %s: %w", s.path, err) }
	q := `SELECT r.id, r.name, r.started, r.finished, r.options, r.counts, r.shards,
			(SELECT count(*) FROM run_shards rs WHERE rs.run = r.id AND rs.finished IS NOT NULL)
		FROM runs r`
	bq := `SELECT run, brand FROM run_brands`
	var args []any
	if brand != "" {
		q += ` WHERE r.id IN (SELECT run FROM run_brands WHERE brand = ?)`
		bq += ` WHERE run IN (SELECT run FROM run_brands WHERE brand = ?)`
		args = append(args, normBrand(brand))
	}
	q += ` ORDER BY r.id`
	bq += ` ORDER BY run, brand`
	brands := map[RunID][]string{}
	brows, err := s.db.Query(s.q(bq), args...)
	if err != nil {
		return fail(err)
	}
	for brows.Next() {
		var (
			id RunID
			b  string
		)
		if err := brows.Scan(&id, &b); err != nil {
			brows.Close()
			return fail(err)
		}
		brands[id] = append(brands[id], b)
	}
	brows.Close()
	if err := brows.Err(); err != nil {
		return fail(err)
	}
	rows, err := s.db.Query(s.q(q), args...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var out []RunInfo
	for rows.Next() {
		var (
			ri                   RunInfo
			started, counts      string
			name, finished       sql.NullString
			shards, shardsFinish int
		)
		if err := rows.Scan(&ri.ID, &name, &started, &finished, &ri.Options, &counts, &shards, &shardsFinish); err != nil {
			return fail(err)
		}
		ri.Name = name.String
		ri.Started, _ = time.Parse(time.RFC3339Nano, started)
		ri.Shards, ri.ShardsDone = shards, shardsFinish
		if finished.Valid {
			ri.Finished, _ = time.Parse(time.RFC3339Nano, finished.String)
			ri.Complete = true
			ri.ShardsDone = shards // runs of schema 1 have no shard rows
		}
		ri.Brands = brands[ri.ID]
		if ri.Brands == nil {
			ri.Brands = []string{}
		}
		// Counts of a run that never finished stay zero: nobody wrote them.
		_ = json.Unmarshal([]byte(counts), &ri.Counts)
		out = append(out, ri)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return out, nil
}

// pickRuns turns the run and since arguments of Changes into run IDs.
func pickRuns(runs []RunInfo, brand string, run, since RunID) (RunID, RunID, error) {
	find := func(id RunID) (RunInfo, bool) {
		i := slices.IndexFunc(runs, func(r RunInfo) bool { return r.ID == id })
		if i < 0 {
			return RunInfo{}, false
		}
		return runs[i], true
	}
	if run == 0 {
		for i := len(runs) - 1; i >= 0; i-- {
			if runs[i].Complete {
				run = runs[i].ID
				break
			}
		}
		if run == 0 {
			return 0, 0, fmt.Errorf("changes for %s: no complete run: %w", brand, ErrNoBaseline)
		}
	} else if _, ok := find(run); !ok {
		return 0, 0, fmt.Errorf("run %d did not scan %s (see lookalike history): %w", run, brand, ErrNoRun)
	}
	if since == 0 {
		for i := len(runs) - 1; i >= 0; i-- {
			if runs[i].Complete && runs[i].ID < run {
				return run, runs[i].ID, nil
			}
		}
		return 0, 0, fmt.Errorf("changes for %s in run %d: %w", brand, run, ErrNoBaseline)
	}
	ri, ok := find(since)
	switch {
	case !ok:
		return 0, 0, fmt.Errorf("run %d did not scan %s (see lookalike history): %w", since, brand, ErrNoRun)
	case !ri.Complete:
		return 0, 0, fmt.Errorf("run %d is incomplete (interrupted) and cannot be a baseline; pick a complete one from lookalike history: %w", since, ErrNoRun)
	case since >= run:
		return 0, 0, fmt.Errorf("baseline run %d is not older than run %d: %w", since, run, ErrNoRun)
	}
	return run, since, nil
}

// Lists are stored space-separated: no name, address or fuzzer holds a space,
// and a text column keeps the store readable with the sqlite3 and psql shells.
func join(l []string) string { return strings.Join(l, " ") }

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
