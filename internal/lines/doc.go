// Package lines reads the plain list files analysts keep — brands, candidate
// names, keywords, portfolios, TLDs: one entry a line, '#' starts a comment,
// blank lines skipped. It owns that format and nothing else.
package lines
