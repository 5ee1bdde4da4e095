// Package report turns results into what an analyst reads and what other tools
// load: verdicts, risk ranking and the writers (table, CSV, JSON, JSONL, list,
// registrar CSV, and the hand-on formats: html, rpz, stix, misp, blocklist;
// NewFormatWriter is the one place a writer is chosen for a format).
//
// It owns field names and their order (a contract users script against), CSV
// defusing and the stripping of control characters from network text. It never
// touches the network.
package report
