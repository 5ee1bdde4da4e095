package report

import (
	"strings"

	"github.com/lookalike/lookalike/audit"
)

// AuditColumns are the columns of audit's table.
var AuditColumns = []string{"severity", "domain", "status", "reason", "refs", "example", "why"}

// AuditRecord is one audit finding as written; the fields are documented in
// the README.
func AuditRecord(f audit.Finding) Record {
	// Several refs can share a place (two name servers under one domain, both
	// from "dns:brand NS"): the place is listed once.
	var where []string
	seen := map[string]bool{}
	for _, r := range f.Refs {
		w := r.Kind + " " + r.Source
		if !seen[w] {
			seen[w] = true
			where = append(where, w)
		}
	}
	first := ""
	if len(f.Refs) > 0 {
		first = f.Refs[0].Value
	}
	return Record{
		{Key: "domain", Value: f.Domain},
		{Key: "severity", Value: f.Severity},
		{Key: "status", Value: f.Status.String()},
		{Key: "reason", Value: f.Reason},
		{Key: "why", Value: f.Why},
		{Key: "refs", Value: len(f.Refs)},
		{Key: "example", Value: first},
		{Key: "found_in", Value: where},
	}
}

// AuditHTMLRecord adds to an audit record what the HTML page shows of a
// name: its brand, and its why and places as evidence.
func AuditHTMLRecord(rec Record, f audit.Finding, brand string) Record {
	ev := []string{f.Why}
	if where, ok := rec.Get("found_in").([]string); ok {
		ev = append(ev, where...)
	}
	return append(rec, Field{Key: "brand", Value: brand}, Field{Key: "evidence", Value: strings.Join(ev, EvidenceSep)})
}
