package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo
)

// migrations bring a store forward one schema version each: migrations[i]
// turns version i into i+1. PRAGMA user_version holds the version. Append
// only: never edit a migration that has shipped.
var migrations = []string{
	// 1: runs, the brands each run scanned, and one row per name, brand and run.
	`CREATE TABLE runs (
		id       INTEGER PRIMARY KEY AUTOINCREMENT,
		started  TEXT NOT NULL,  -- RFC 3339, UTC
		finished TEXT,           -- NULL: incomplete (running, or killed)
		options  TEXT NOT NULL DEFAULT '',
		counts   TEXT NOT NULL DEFAULT '{}'
	);
	CREATE TABLE run_brands (
		run   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		brand TEXT NOT NULL,
		PRIMARY KEY (brand, run)
	) WITHOUT ROWID;
	CREATE TABLE observations (
		run         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		brand       TEXT NOT NULL,
		domain      TEXT NOT NULL,
		unicode     TEXT NOT NULL DEFAULT '',
		registrable TEXT NOT NULL DEFAULT '',
		fuzzers     TEXT NOT NULL DEFAULT '',
		status      TEXT NOT NULL,
		reason      TEXT NOT NULL DEFAULT '',
		verdict     TEXT NOT NULL DEFAULT '',
		risk        INTEGER NOT NULL DEFAULT 0,
		mail        INTEGER NOT NULL DEFAULT 0,
		ns          TEXT NOT NULL DEFAULT '',
		a           TEXT NOT NULL DEFAULT '',
		aaaa        TEXT NOT NULL DEFAULT '',
		mx          TEXT NOT NULL DEFAULT '',
		cname       TEXT NOT NULL DEFAULT '',
		registrar   TEXT NOT NULL DEFAULT '',
		created     TEXT NOT NULL DEFAULT '',
		PRIMARY KEY (run, brand, domain)
	);
	-- the last known state of a name walks this index backwards from a run
	CREATE INDEX observations_name ON observations (brand, domain, run);`,
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)

// DB is the SQLite scan store. Open one per process; it is safe for concurrent
// use, and other processes may read it while a run writes (WAL).
type DB struct {
	db   *sql.DB
	path string
}

var _ Store = (*DB)(nil)

// DefaultPath is where the state lives when --state is given without a file:
// $XDG_DATA_HOME/lookalike/state.db, or ~/.local/share/lookalike/state.db.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "lookalike", "state.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("default state path: %w; give --state FILE", err)
	}
	return filepath.Join(home, ".local", "share", "lookalike", "state.db"), nil
}

// Open opens the store at path, creating it (and its directory) if needed and
// migrating its schema forward. A store left by a killed process opens
// cleanly: SQLite rolls back the transaction it was in, and its run stays
// incomplete.
func Open(path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	// A file: URI so that any character in the path survives; the query
	// configures every connection the pool opens. synchronous=NORMAL in WAL
	// mode loses nothing when the process dies (only on power loss, the last
	// commits), and is far cheaper than FULL.
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	q := url.Values{}
	q.Add("_txlock", "immediate") // writers queue at BEGIN, not fail halfway
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	dsn := u.String() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and a single connection
	// cannot deadlock with itself over the write lock.
	db.SetMaxOpenConns(1)
	s := &DB{db: db, path: path}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *DB) migrate() error {
	// Read first, outside a write transaction, so that opening an up-to-date
	// store takes no write lock (and works on a file this user cannot write).
	var v int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("open state %s: %w (is it an SQLite file?)", s.path, err)
	}
	if v == len(migrations) {
		return nil
	}
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("open state %s: %w (is it an SQLite file?)", s.path, err)
	}
	defer tx.Rollback()
	// Again under the write lock: another process may have migrated since.
	if err := tx.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("open state %s: %w (is it an SQLite file?)", s.path, err)
	}
	if v > len(migrations) {
		return fmt.Errorf("open state %s: schema version %d is newer than this lookalike knows (%d); upgrade lookalike or use another --state file", s.path, v, len(migrations))
	}
	if v == len(migrations) {
		return nil
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.Exec(migrations[i]); err != nil {
			return fmt.Errorf("migrate state %s to schema %d: %w", s.path, i+1, err)
		}
	}
	// PRAGMA takes no bound parameters; the value is our own integer.
	if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("migrate state %s: %w", s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate state %s: %w", s.path, err)
	}
	return nil
}

// Close closes the store. A run not finished by then stays incomplete.
func (s *DB) Close() error { return s.db.Close() }

// Path is the file the store was opened from.
func (s *DB) Path() string { return s.path }

// BeginRun records the start of a run of brands.
func (s *DB) BeginRun(brands []string, options string) (*Run, error) {
	tx, err := s.db.Begin()
	if err != nil {
		return nil, fmt.Errorf("begin run in %s: %w", s.path, err)
	}
	defer tx.Rollback()
	res, err := tx.Exec(`INSERT INTO runs (started, options) VALUES (?, ?)`,
		time.Now().UTC().Format(time.RFC3339Nano), options)
	if err != nil {
		return nil, fmt.Errorf("begin run in %s: %w", s.path, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, fmt.Errorf("begin run in %s: %w", s.path, err)
	}
	for _, b := range brands {
		b = strings.ToLower(strings.TrimSuffix(b, "."))
		if _, err := tx.Exec(`INSERT OR IGNORE INTO run_brands (run, brand) VALUES (?, ?)`, id, b); err != nil {
			return nil, fmt.Errorf("begin run in %s: %w", s.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("begin run in %s: %w", s.path, err)
	}
	return NewRun(RunID(id), s, DefaultBatch), nil
}

// WriteBatch stores observations of a run in one transaction. An observation
// of a brand the run did not name at BeginRun adds the brand to the run, so
// that Runs and Changes find it.
func (s *DB) WriteBatch(run RunID, obs []Observation) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT OR REPLACE INTO observations
		(run, brand, domain, unicode, registrable, fuzzers, status, reason, verdict, risk, mail,
		 ns, a, aaaa, mx, cname, registrar, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	brands := map[string]bool{}
	for _, o := range obs {
		if _, err := ins.Exec(run, o.Brand, o.Domain, o.Unicode, o.Registrable, join(o.Fuzzers),
			o.Status, o.Reason, o.Verdict, o.Risk, o.Mail,
			join(o.NS), join(o.A), join(o.AAAA), join(o.MX), join(o.CNAME), o.Registrar, o.Created); err != nil {
			return fmt.Errorf("store %s: %w", o.Domain, err)
		}
		brands[o.Brand] = true
	}
	for b := range brands {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO run_brands (run, brand) VALUES (?, ?)`, run, b); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// FinishRun marks a run complete.
func (s *DB) FinishRun(run RunID, c Counts, at time.Time) error {
	counts, err := json.Marshal(c)
	if err != nil {
		return err
	}
	res, err := s.db.Exec(`UPDATE runs SET finished = ?, counts = ? WHERE id = ? AND finished IS NULL`,
		at.UTC().Format(time.RFC3339Nano), string(counts), run)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n != 1 {
		return fmt.Errorf("run %d: %w", run, ErrNoRun)
	}
	return nil
}

// Runs lists the runs that scanned brand (all runs when brand is ""), oldest
// first.
func (s *DB) Runs(brand string) ([]RunInfo, error) {
	q := `SELECT r.id, r.started, r.finished, r.options, r.counts,
			(SELECT group_concat(brand, ' ') FROM (SELECT brand FROM run_brands WHERE run = r.id ORDER BY brand))
		FROM runs r`
	var args []any
	if brand != "" {
		q += ` WHERE r.id IN (SELECT run FROM run_brands WHERE brand = ?)`
		args = append(args, strings.ToLower(brand))
	}
	q += ` ORDER BY r.id`
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("list runs in %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []RunInfo
	for rows.Next() {
		var (
			ri               RunInfo
			started, counts  string
			finished, brands sql.NullString
		)
		if err := rows.Scan(&ri.ID, &started, &finished, &ri.Options, &counts, &brands); err != nil {
			return nil, fmt.Errorf("list runs in %s: %w", s.path, err)
		}
		ri.Started, _ = time.Parse(time.RFC3339Nano, started)
		if finished.Valid {
			ri.Finished, _ = time.Parse(time.RFC3339Nano, finished.String)
			ri.Complete = true
		}
		ri.Brands = split(brands.String)
		if ri.Brands == nil {
			ri.Brands = []string{}
		}
		// Counts of a run that never finished stay zero: nobody wrote them.
		_ = json.Unmarshal([]byte(counts), &ri.Counts)
		out = append(out, ri)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list runs in %s: %w", s.path, err)
	}
	return out, nil
}

// Changes lists what changed for brand between run and since.
//
// run 0 means the latest complete run of the brand. since 0 means the complete
// run of the brand before run; ErrNoBaseline when there is none (the first
// run). An incomplete run may be compared (a run being written, say) but is
// never a baseline, and neither its known results nor its unknown ones count
// as anybody's last known state.
//
// Each name of run is compared as Compare says, after two substitutions: an
// unknown result in run is replaced by the name's last known state before run,
// and the before state is the name's last known state in since or earlier. A
// name that no complete run up to since had scanned is new to the watch list,
// not a change.
func (s *DB) Changes(brand string, run, since RunID) ([]Change, error) {
	brand = strings.ToLower(strings.TrimSuffix(brand, "."))
	if brand == "" {
		return nil, fmt.Errorf("changes: name a brand")
	}
	runs, err := s.Runs(brand)
	if err != nil {
		return nil, err
	}
	target, base, err := pickRuns(runs, brand, run, since)
	if err != nil {
		return nil, err
	}
	return s.changes(brand, target, base)
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

// obsCols are the columns scanObs reads, in order.
const obsCols = `run, brand, domain, unicode, registrable, fuzzers, status, reason, verdict, risk, mail,
	ns, a, aaaa, mx, cname, registrar, created`

func prefixed(alias string) string {
	var b strings.Builder
	for i, c := range strings.Split(obsCols, ",") {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(alias + "." + strings.TrimSpace(c))
	}
	return b.String()
}

// lastKnown selects the run of the latest known observation of t's name in a
// complete run that satisfies bound (a condition on o.run).
func lastKnown(bound string) string {
	return `(SELECT o.run FROM observations o JOIN runs r ON r.id = o.run
		WHERE o.brand = t.brand AND o.domain = t.domain AND o.status != 'unknown'
		AND r.finished IS NOT NULL AND ` + bound + `
		ORDER BY o.run DESC LIMIT 1)`
}

func (s *DB) changes(brand string, run, since RunID) ([]Change, error) {
	q := `WITH tgt AS (
		SELECT t.*,
			` + lastKnown("o.run <= :since") + ` AS b_run,
			CASE WHEN t.status = 'unknown' THEN ` + lastKnown("o.run < :run") + ` END AS f_run,
			EXISTS (SELECT 1 FROM observations o JOIN runs r ON r.id = o.run
				WHERE o.brand = t.brand AND o.domain = t.domain
				AND r.finished IS NOT NULL AND o.run <= :since) AS seen
		FROM observations t WHERE t.run = :run AND t.brand = :brand
	)
	SELECT ` + prefixed("tgt") + `, tgt.seen,
		b.run IS NOT NULL, ` + prefixed("b") + `,
		f.run IS NOT NULL, ` + prefixed("f") + `
	FROM tgt
	LEFT JOIN observations b ON b.run = tgt.b_run AND b.brand = tgt.brand AND b.domain = tgt.domain
	LEFT JOIN observations f ON f.run = tgt.f_run AND f.brand = tgt.brand AND f.domain = tgt.domain
	ORDER BY tgt.domain`
	rows, err := s.db.Query(q, sql.Named("run", run), sql.Named("since", since), sql.Named("brand", brand))
	if err != nil {
		return nil, fmt.Errorf("changes for %s in %s: %w", brand, s.path, err)
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var (
			t, b, f       obsRow
			seen          bool
			hasB, hasF    bool
			dest          = []any{}
			before, after *Observation
		)
		dest = append(dest, t.dest()...)
		dest = append(dest, &seen, &hasB)
		dest = append(dest, b.dest()...)
		dest = append(dest, &hasF)
		dest = append(dest, f.dest()...)
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("changes for %s in %s: %w", brand, s.path, err)
		}
		afterRun, beforeRun := run, RunID(0)
		switch tt := t.obs(); {
		case tt.Known():
			after = &tt
		case hasF:
			ff := f.obs()
			after, afterRun = &ff, f.Run
			// The name was unknown tonight; show what is known of it now.
			after.Unicode = firstNonEmpty(tt.Unicode, after.Unicode)
		default:
			continue // never known: nothing to compare
		}
		if hasB {
			bb := b.obs()
			before, beforeRun = &bb, b.Run
			if afterRun == beforeRun {
				continue // unknown tonight, and the baseline state is all we know
			}
		} else if !seen {
			continue // not watched before: new on the list, not a change
		}
		for _, c := range Compare(before, *after) {
			c.Run, c.BeforeRun = run, beforeRun
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("changes for %s in %s: %w", brand, s.path, err)
	}
	SortChanges(out)
	return out, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// obsRow scans one observation; its fields are nullable because the LEFT
// JOINs leave them NULL when there is no row.
type obsRow struct {
	Run                                          RunID
	run                                          sql.NullInt64
	brand, domain, unicode, registrable, fuzzers sql.NullString
	status, reason, verdict                      sql.NullString
	risk, mail                                   sql.NullInt64
	ns, a, aaaa, mx, cname, registrar, created   sql.NullString
}

func (r *obsRow) dest() []any {
	return []any{&r.run, &r.brand, &r.domain, &r.unicode, &r.registrable, &r.fuzzers,
		&r.status, &r.reason, &r.verdict, &r.risk, &r.mail,
		&r.ns, &r.a, &r.aaaa, &r.mx, &r.cname, &r.registrar, &r.created}
}

func (r *obsRow) obs() Observation {
	r.Run = RunID(r.run.Int64)
	return Observation{
		Brand: r.brand.String, Domain: r.domain.String, Unicode: r.unicode.String,
		Registrable: r.registrable.String, Fuzzers: split(r.fuzzers.String),
		Status: r.status.String, Reason: r.reason.String, Verdict: r.verdict.String,
		Risk: int(r.risk.Int64), Mail: r.mail.Int64 != 0,
		NS: split(r.ns.String), A: split(r.a.String), AAAA: split(r.aaaa.String),
		MX: split(r.mx.String), CNAME: split(r.cname.String),
		Registrar: r.registrar.String, Created: r.created.String,
	}
}

// Lists are stored space-separated: no name, address or fuzzer holds a space,
// and a text column keeps the store readable with the sqlite3 shell.
func join(l []string) string { return strings.Join(l, " ") }

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

// Observations returns what run stored for brand, ordered by domain: the
// raw material of a report rebuilt from history.
func (s *DB) Observations(run RunID, brand string) ([]Observation, error) {
	rows, err := s.db.Query(`SELECT `+obsCols+` FROM observations WHERE run = ? AND brand = ? ORDER BY domain`,
		run, strings.ToLower(brand))
	if err != nil {
		return nil, fmt.Errorf("read run %d from %s: %w", run, s.path, err)
	}
	defer rows.Close()
	var out []Observation
	for rows.Next() {
		var r obsRow
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, fmt.Errorf("read run %d from %s: %w", run, s.path, err)
		}
		out = append(out, r.obs())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read run %d from %s: %w", run, s.path, err)
	}
	return out, nil
}
