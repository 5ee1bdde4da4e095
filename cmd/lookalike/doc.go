// Command lookalike finds the typosquat and lookalike domains of a brand
// before someone else does: generate, scan, audit, history, diff.
//
// The command only wires: each subcommand fills an options struct from its
// flags (and --config) and calls the library packages; exitCode in app.go is
// the one place that maps an error to an exit status. Results go to stdout,
// everything else to stderr; a progress bar only on a terminal.
package main
