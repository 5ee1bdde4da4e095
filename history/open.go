package history

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// OpenOptions are how OpenURL opens a store.
type OpenOptions struct {
	// ReadOnly opens for reading only (history, diff): nothing is created,
	// migrated or written, and a file this user cannot write still opens.
	ReadOnly bool
}

// OpenURL opens the store that --state names: a postgres:// or
// postgresql:// URL is a PostgreSQL database (github.com/jackc/pgx/v5), any
// other string a file path of an SQLite store. A malformed URL, or a URL of
// another scheme, is an error wrapping ErrUsage (exit status 2); a server that
// cannot be reached is a plain error (exit status 1). No error ever holds the
// URL's password: print Path() or Redact(state), never state.
func OpenURL(ctx context.Context, state string, o OpenOptions) (*DB, error) {
	switch {
	case strings.TrimSpace(state) == "":
		return nil, fmt.Errorf("--state: %w: give a file or a postgres:// URL", ErrUsage)
	case isPostgresURL(state):
		return openPostgres(ctx, state, o.ReadOnly)
	case strings.Contains(state, "://"):
		return nil, fmt.Errorf("--state %s: %w: a state is an SQLite file or a postgres:// URL", Redact(state), ErrUsage)
	case o.ReadOnly:
		return OpenReadOnly(state)
	}
	return Open(state)
}

// OpenLocked opens the store that state names for a run and takes the lock
// of its shard (LockShard; a run that is not sharded is shard 0 of 1 and
// locks the whole store). done unlocks and closes. Errors name the state
// (redacted) and wrap ErrUsage or ErrLocked where they apply.
func OpenLocked(ctx context.Context, state, run string, i, n int) (db *DB, done func(), err error) {
	if db, err = OpenURL(ctx, state, OpenOptions{}); err != nil {
		return nil, nil, fmt.Errorf("--state %s: %w", Redact(state), err)
	}
	if n <= 1 {
		run, i, n = "", 0, 1
	}
	unlock, err := db.LockShard(run, i, n)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, func() { unlock(); db.Close() }, nil
}

// OpenExisting opens, for reading only, a store that a run already made: a
// file that does not exist is an error wrapping ErrUsage rather than a new,
// empty store. A read-only copy of a state opens.
func OpenExisting(ctx context.Context, state string) (*DB, error) {
	if !isPostgresURL(state) && !strings.Contains(state, "://") {
		if st, err := os.Stat(state); err != nil || st.IsDir() {
			return nil, fmt.Errorf("--state %s: %w: no such file (a scan with --state creates it)", state, ErrUsage)
		}
	}
	db, err := OpenURL(ctx, state, OpenOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("--state %s: %w", Redact(state), err)
	}
	return db, nil
}
