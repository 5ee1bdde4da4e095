package takedown

import (
	"strings"

	"github.com/lookalike/lookalike/report"
)

// FromRecord reads the Evidence of one scan record (report.FindingRecord's
// fields: domain, brand, verdict, risk, ns, a, aaaa, mx, cname, evidence),
// and, when present, "screenshot" (a path) and "web_evidence" (phrases), so
// that `lookalike takedown` can start from a scan's JSONL or the history.
// Observed and FirstSeen are the caller's to fill in.
func FromRecord(r report.Record) Evidence {
	list := func(key string) []string {
		switch v := r.Get(key).(type) {
		case []string:
			return v
		case string:
			return strings.Fields(v)
		}
		return nil
	}
	phrases := func(key string) []string {
		var out []string
		switch v := r.Get(key).(type) {
		case []string:
			out = v
		case string:
			for p := range strings.SplitSeq(v, report.EvidenceSep) {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
		return out
	}
	ev := Evidence{
		Domain:     report.Text(r.Get("domain")),
		Brand:      report.Text(r.Get("brand")),
		Verdict:    report.Text(r.Get("verdict")),
		NS:         list("ns"),
		A:          list("a"),
		AAAA:       list("aaaa"),
		MX:         list("mx"),
		CNAME:      list("cname"),
		Evidence:   phrases("evidence"),
		Web:        phrases("web_evidence"),
		Screenshot: report.Text(r.Get("screenshot")),
	}
	if n, ok := r.Get("risk").(int); ok {
		ev.Risk = n
	}
	return ev
}
