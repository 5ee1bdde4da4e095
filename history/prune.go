package history

import (
	"context"
	"fmt"
	"time"
)

// PruneStats says what Prune forgot.
type PruneStats struct {
	Runs   int `json:"runs"`
	States int `json:"states"`
}

// Prune forgets the runs that started more than keep ago, and the states of
// names that only those runs had seen, for `lookalike history --prune`. The
// latest complete run of each brand always stays, so the next run still has
// its baseline however short keep is. A name whose last known state is older
// than every run kept loses it: after a prune it counts as never known.
func (s *DB) Prune(keep time.Duration) (PruneStats, error) {
	var st PruneStats
	if keep < 0 {
		return st, fmt.Errorf("prune: %w: keep %v must not be negative", ErrUsage, keep)
	}
	if err := s.writable("prune"); err != nil {
		return st, err
	}
	runs, err := s.Runs("")
	if err != nil {
		return st, err
	}
	latest := map[string]RunID{}
	for _, r := range runs {
		if r.Complete {
			for _, b := range r.Brands {
				latest[b] = r.ID
			}
		}
	}
	protected := map[RunID]bool{}
	for _, id := range latest {
		protected[id] = true
	}
	cutoff := time.Now().Add(-keep)
	var victims []RunID
	for _, r := range runs {
		if r.Started.Before(cutoff) && !protected[r.ID] {
			victims = append(victims, r.ID)
		}
	}
	tx, err := s.db.BeginTx(context.Background(), nil)
	if err != nil {
		return st, fmt.Errorf("prune %s: %w", s.path, err)
	}
	defer tx.Rollback()
	for _, id := range victims {
		for _, q := range []string{
			`DELETE FROM run_brands WHERE run = ?`,
			`DELETE FROM run_shards WHERE run = ?`,
			`DELETE FROM notifications WHERE run = ? AND delivered IS NOT NULL`,
			`DELETE FROM runs WHERE id = ?`,
		} {
			if _, err := tx.Exec(s.q(q), id); err != nil {
				return st, fmt.Errorf("prune run %d from %s: %w", id, s.path, err)
			}
		}
	}
	// A state that ended before its brand's first remaining run is no run's
	// state any more.
	res, err := tx.Exec(`DELETE FROM states WHERE last_run < coalesce(
		(SELECT min(rb.run) FROM run_brands rb WHERE rb.brand = states.brand), last_run + 1)`)
	if err != nil {
		return st, fmt.Errorf("prune states from %s: %w", s.path, err)
	}
	n, _ := res.RowsAffected()
	if err := tx.Commit(); err != nil {
		return st, fmt.Errorf("prune %s: %w", s.path, err)
	}
	st.Runs, st.States = len(victims), int(n)
	return st, nil
}
