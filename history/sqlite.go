package history

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo
)

// migrations bring a store forward one schema version each: migrations[i]
// turns version i into i+1. PRAGMA user_version holds the version. Append
// only: never edit a migration that has shipped.
var migrations = []migration{
	// 1: runs, the brands each run scanned, and one row per name, brand and run.
	{sql: `CREATE TABLE runs (
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
	CREATE INDEX observations_name ON observations (brand, domain, run);`},
	// 2: history that grows with change, not with nights (issue 15): a row
	// per state of a name instead of a row per name and run; shards of a
	// named run; notifications kept until delivered. The observations of
	// schema 1 become states, then go.
	{sql: `ALTER TABLE runs ADD COLUMN name TEXT;
	ALTER TABLE runs ADD COLUMN shards INTEGER NOT NULL DEFAULT 1;
	CREATE UNIQUE INDEX runs_name ON runs (name);
	CREATE TABLE run_shards (
		run      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
		shard    INTEGER NOT NULL,
		started  TEXT NOT NULL,
		finished TEXT,
		counts   TEXT NOT NULL DEFAULT '{}',
		attempts INTEGER NOT NULL DEFAULT 1,
		PRIMARY KEY (run, shard)
	) WITHOUT ROWID;
	CREATE TABLE states (
		brand       TEXT NOT NULL,
		domain      TEXT NOT NULL,
		first_run   INTEGER NOT NULL,  -- the first run that saw this state
		last_run    INTEGER NOT NULL,  -- the last run that saw it
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
		PRIMARY KEY (brand, domain, first_run)
	) WITHOUT ROWID;
	CREATE TABLE notifications (
		id        INTEGER PRIMARY KEY AUTOINCREMENT,
		run       INTEGER NOT NULL,
		created   TEXT NOT NULL,
		changes   TEXT NOT NULL,  -- JSON list of Change
		delivered TEXT            -- NULL: still to be sent
	);`, after: observationsToStates},
}

// migration is one schema step: SQL, then Go for what SQL cannot say.
type migration struct {
	sql   string
	after func(tx *sql.Tx) error
}

// SchemaVersion is the schema this build writes, on SQLite and PostgreSQL.
var SchemaVersion = len(migrations)

// observationsToStates turns schema 1's row per name and run into states,
// by the rule WriteBatch follows, and drops the old table.
func observationsToStates(tx *sql.Tx) error {
	// The runs of each brand in order: a name's stretch continues only into
	// the brand's next run.
	prevOf := map[string]map[RunID]RunID{}
	rows, err := tx.Query(`SELECT brand, run FROM run_brands ORDER BY brand, run`)
	if err != nil {
		return err
	}
	last := map[string]RunID{}
	for rows.Next() {
		var (
			b string
			r RunID
		)
		if err := rows.Scan(&b, &r); err != nil {
			rows.Close()
			return err
		}
		if prevOf[b] == nil {
			prevOf[b] = map[RunID]RunID{}
		}
		prevOf[b][r] = last[b]
		last[b] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ins, err := tx.Prepare(`INSERT INTO states (` + stateCols + `) VALUES (` + strings.TrimSuffix(strings.Repeat("?, ", 19), ", ") + `)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	rows, err = tx.Query(`SELECT run, brand, domain, unicode, registrable, fuzzers, status, reason, verdict, risk, mail,
		ns, a, aaaa, mx, cname, registrar, created FROM observations ORDER BY brand, domain, run`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur *state
	emit := func() error {
		if cur == nil {
			return nil
		}
		_, err := ins.Exec(cur.values()...)
		return err
	}
	for rows.Next() {
		var (
			st                              state
			run                             RunID
			fuzzers, ns, a, aaaa, mx, cname string
			risk, mail                      int64
		)
		if err := rows.Scan(&run, &st.Brand, &st.Domain, &st.Unicode, &st.Registrable, &fuzzers, &st.Status, &st.Reason,
			&st.Verdict, &risk, &mail, &ns, &a, &aaaa, &mx, &cname, &st.Registrar, &st.Created); err != nil {
			return err
		}
		st.Risk, st.Mail = int(risk), mail != 0
		st.Fuzzers, st.NS, st.A, st.AAAA, st.MX, st.CNAME = split(fuzzers), split(ns), split(a), split(aaaa), split(mx), split(cname)
		st.First, st.Last = run, run
		if cur != nil && cur.Brand == st.Brand && cur.Domain == st.Domain &&
			cur.Last == prevOf[st.Brand][run] && same(&cur.Observation, &st.Observation) {
			cur.Last = run
			continue
		}
		if err := emit(); err != nil {
			return err
		}
		cur = &st
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := emit(); err != nil {
		return err
	}
	_, err = tx.Exec(`DROP TABLE observations`)
	return err
}

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
	if err := s.migrateRetrying(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migrateRetrying is migrate, tried again while another process holds the
// file: shard processes that open one new file together race to switch it
// to WAL, and SQLite answers that race with SQLITE_BUSY at once, without
// waiting out busy_timeout.
func (s *DB) migrateRetrying() error {
	var err error
	for wait := 20 * time.Millisecond; wait < 3*time.Second; wait *= 2 {
		if err = s.migrate(); err == nil || !isBusy(err) {
			return err
		}
		time.Sleep(wait)
	}
	return err
}

func isBusy(err error) bool {
	m := err.Error()
	return strings.Contains(m, "SQLITE_BUSY") || strings.Contains(m, "database is locked")
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
		if _, err := tx.Exec(migrations[i].sql); err != nil {
			return fmt.Errorf("migrate state %s to schema %d: %w", s.path, i+1, err)
		}
		if f := migrations[i].after; f != nil {
			if err := f(tx); err != nil {
				return fmt.Errorf("migrate state %s to schema %d: %w", s.path, i+1, err)
			}
		}
	}
	// PRAGMA takes no bound parameters; the value is our own integer.
	if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("migrate state %s: %w", s.path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate state %s: %w", s.path, err)
	}
	if v == 1 {
		// Schema 1's snapshots are gone; give their pages back to the file
		// system. A failure leaves a larger file, nothing worse.
		_, _ = s.db.Exec("VACUUM")
	}
	return nil
}

// OpenReadOnly opens the store at path for reading only, as history and diff
// need: it works on a file this user cannot write (a copy mounted read-only,
// a 0444 file) and never creates, migrates or changes anything. A store of an
// older schema is refused with the fix: open it once for writing.
func OpenReadOnly(path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	if _, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	// Without a -wal file no process has the store open (SQLite removes it
	// when the last connection closes) and everything is in the main file:
	// read it as immutable, which needs no -shm file, so that a read-only
	// directory works and nothing is created beside the file. With one, a
	// writer may be running: read through the WAL, which needs its -shm.
	_, err = os.Stat(abs + "-wal")
	return openReadOnly(abs, path, os.IsNotExist(err))
}

func openReadOnly(abs, path string, immutable bool) (*DB, error) {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	q := url.Values{}
	q.Add("mode", "ro")
	if immutable {
		q.Add("immutable", "1")
	}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "query_only(1)")
	db, err := sql.Open("sqlite", u.String()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	s := &DB{db: db, path: path, readOnly: true}
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w (is it an SQLite file?)", path, err)
	}
	// Reading must work, not only the header: a WAL store whose -shm cannot
	// be made fails here.
	var n int
	if err := db.QueryRow("SELECT count(*) FROM runs").Scan(&n); err != nil && v != 0 {
		db.Close()
		return nil, fmt.Errorf("open state %s read-only: %w", path, err)
	}
	switch {
	case v > len(migrations):
		db.Close()
		return nil, fmt.Errorf("open state %s: schema version %d is newer than this lookalike knows (%d); upgrade lookalike or use another --state file", path, v, len(migrations))
	case v < len(migrations):
		db.Close()
		return nil, fmt.Errorf("open state %s: schema version %d is older than this lookalike's (%d) and a read-only open cannot migrate it: %w; run a scan with --state %s once (or open a writable copy)", path, v, len(migrations), ErrReadOnly, path)
	}
	return s, nil
}
