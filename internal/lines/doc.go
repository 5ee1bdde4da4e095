// Package lines reads the plain list files analysts keep — brands, candidate
// names, keywords, portfolios, TLDs: one entry a line, '#' starts a comment,
// blank lines skipped, a line over MaxLine (64 KiB) an error for that line
// alone, never read into memory; the inline comma list (Split); and opening
// the input a command line names ("-" for standard input). It owns that
// format and nothing else; it never parses the entries.
package lines
