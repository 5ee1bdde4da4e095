package history

import "fmt"

// LockShard takes the lock of shard i of n of the run called name, so that
// two processes of one shard never write at once; a run that is not sharded
// is shard 0 of 1. It never waits: a held lock is an error that wraps
// ErrLocked. On SQLite it is flock(2) on a file beside the state (Lock's
// STATE.lock for an unsharded run, STATE.shard-I-of-N.lock for a shard); on
// PostgreSQL a session advisory lock, which the server drops when the
// holder's connection ends, however the holder ended.
func (s *DB) LockShard(name string, i, n int) (unlock func(), err error) {
	if n < 1 || i < 0 || i >= n {
		return nil, fmt.Errorf("lock shard %d/%d: %w: want 0 <= shard < shards", i, n, ErrUsage)
	}
	if s.dialect == postgresDialect {
		return s.advisoryLock(name, i, n)
	}
	if n == 1 {
		return Lock(s.path)
	}
	return Lock(fmt.Sprintf("%s.shard-%d-of-%d", s.path, i, n))
}
