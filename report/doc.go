// Package report turns judged findings into what an analyst reads and what
// other tools load: the writers (table, CSV, JSON, JSONL, list, registrar
// CSV, and the hand-on formats: html, rpz, stix, misp, blocklist;
// NewFormatWriter is the one place a writer is chosen for a format), the
// sections of a terminal's table, every record builder (findings, changes,
// runs, audit findings, matches) and the scan's Sink (ScanOutputs).
//
// It owns field names and their order (a contract users script against), CSV
// defusing, the stripping of control characters from network text, and
// outputs written atomically (a file appears whole or not at all). It never
// decides a verdict or a risk (package judge does) and never touches the
// network.
package report
