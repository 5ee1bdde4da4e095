// Command lookalike finds the typosquat and lookalike domains of a brand
// before someone else does: generate, scan, match, audit, history, diff,
// notify, takedown, man, version.
//
// The command only wires: each subcommand fills an options struct from its
// flags (and --config) and calls the library packages; exitCode in app.go is
// the one place that maps an error to an exit status. The commands' long
// help and examples are prose in help/*.txt, embedded. Results go to
// stdout, everything else to stderr; a progress bar only on a terminal.
package main
