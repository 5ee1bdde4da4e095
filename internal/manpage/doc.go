// Package manpage renders a cobra command tree as one roff man page
// (section 1): NAME, SYNOPSIS, DESCRIPTION, one COMMANDS subsection per
// subcommand with its flags and examples, and EXIT STATUS.
//
// It owns the roff layout and the escaping of text; it never reads the
// command line and never decides what the commands say (their Short, Long,
// Example and flag usage strings are the source).
package manpage
