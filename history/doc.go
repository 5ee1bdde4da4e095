// Package history keeps every scan so that a nightly job can say what changed.
//
// It owns the scan store behind Store: SQLite through modernc.org/sqlite (pure
// Go, WAL; Open, or OpenReadOnly for history and diff on a file nobody may
// write) and PostgreSQL through github.com/jackc/pgx/v5 (OpenURL with a
// postgres:// URL), one schema version for both, migrated forward on open.
// It owns runs, the states of their names, the diff between a run and its
// baseline, the rule that decides when a diff should alert (exit status 3),
// the run and shard locks, the notifications kept until delivered, and
// pruning.
//
// History grows with change, not with nights: a name's state is stored once,
// with the first and last run that saw it, and a change of state adds a row;
// a name that does not change costs nothing more per run than moving its last
// run forward.
//
// A run that never completed (killed, crashed, interrupted) is never a
// baseline. A run may be split into shards (BeginShard), one process each; it
// is complete when every shard is, and the one process whose shard completes
// it learns so (Run.Completed) from the transaction that decided it. A shard
// begun again after a kill replaces its own part. An unknown result is not a
// change: a name keeps the state it last had in a complete run, so a flaky
// night raises no false alarm and hides no real one.
//
// It never formats output, never decides a verdict and never touches the
// network beyond the PostgreSQL server it is given; it never prints a
// PostgreSQL password (errors carry the URL redacted). Which shard a name
// belongs to is package shard's.
package history
