package history

import (
	"context"
	"fmt"
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
