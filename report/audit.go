package report

import (
	"strings"

	"github.com/lookalike/lookalike/audit"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
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

// AuditDefend is the registrar CSV row of a critical audit finding: a
// domain the brand references that nobody holds, defended at full risk.
func AuditDefend(f audit.Finding, brand string) judge.Finding {
	why := "referenced by the brand: "
	if len(f.Refs) > 0 {
		why += f.Refs[0].Kind + " " + f.Refs[0].Source
	}
	return judge.Finding{
		Result: resolve.Result{
			Candidate:   permute.Candidate{Domain: f.Domain, Unicode: f.Domain, Brand: brand},
			Registrable: f.Domain, Status: f.Status,
		},
		Verdict: judge.Defend, Risk: 100, NameWhy: why,
	}
}

// WriteAudit writes an audit's findings to out (with the page's evidence
// when out is HTML) and its critical ones to the registrar CSV at
// registrar ("" for none), then closes both: the files replace older ones
// only when every record was written. It returns the count of each
// severity.
func WriteAudit(out *Output, registrar, brand string, findings []audit.Finding) (map[string]int, error) {
	var reg *RegistrarFile
	if registrar != "" {
		var err error
		if reg, err = CreateRegistrar(registrar); err != nil {
			out.Close(false)
			return nil, err
		}
	}
	counts := map[string]int{}
	var werr error
	for _, f := range findings {
		counts[f.Severity]++
		if f.Severity == audit.SeverityCritical && reg != nil {
			reg.Add(AuditDefend(f, brand))
		}
		if werr == nil {
			rec := AuditRecord(f)
			if out.Format == FormatHTML {
				rec = AuditHTMLRecord(rec, f, brand)
			}
			werr = out.W.Write(rec)
		}
	}
	cerr := out.Close(werr == nil)
	if reg != nil {
		if err := reg.Close(werr == nil); err != nil && cerr == nil {
			cerr = err
		}
	}
	if werr != nil {
		return counts, werr
	}
	return counts, cerr
}
