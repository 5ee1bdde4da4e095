// Package history keeps every scan so that a nightly job can say what changed.
//
// It owns the scan store (SQLite through modernc.org/sqlite: pure Go, WAL, one
// transaction per batch, schema versioned and migrated forward on open), runs
// and their per-name observations, the diff between a run and its baseline,
// the rule that decides when a diff should alert (exit status 3), and the run
// lock that keeps two cron jobs from writing at once.
//
// A run that never reached Finish (killed, crashed, interrupted) stays
// incomplete forever and is never a baseline. An unknown result is not a
// change: a name keeps the state it last had in a complete run, so a flaky
// night raises no false alarm and hides no real one.
//
// It never formats output, never touches the network and never decides a
// verdict: it stores what the report package decided and compares it.
package history
