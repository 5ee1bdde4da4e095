package report

import (
	"strings"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/smtpbanner"
)

// CandidateFields are the fields of a generated name, as `generate` writes
// them: domain, unicode, fuzzer, fuzzers, brand.
func CandidateFields(c permute.Candidate) Record {
	return Record{
		{Key: "domain", Value: c.Domain},
		{Key: "unicode", Value: c.Unicode},
		{Key: "fuzzer", Value: c.Fuzzer()},
		{Key: "fuzzers", Value: c.Fuzzers},
		{Key: "brand", Value: c.Brand},
	}
}

// ResultFields are the fields of a scan result: the candidate's, then the DNS
// truth (registrable, status, reason, ns, a, aaaa, mx, cname). Field names and
// order are a contract documented in the README.
func ResultFields(r *resolve.Result) Record {
	rec := CandidateFields(r.Candidate)
	return append(rec,
		Field{Key: "registrable", Value: r.Registrable},
		Field{Key: "status", Value: r.Status.String()},
		Field{Key: "reason", Value: r.Reason},
		Field{Key: "ns", Value: r.NS},
		Field{Key: "a", Value: r.A},
		Field{Key: "aaaa", Value: r.AAAA},
		Field{Key: "mx", Value: r.MX},
		Field{Key: "cname", Value: r.CNAME},
	)
}

// EvidenceSep joins the evidence phrases in one text cell. A phrase holds
// spaces, so the space that joins other lists would run them together.
const EvidenceSep = "; "

// FindingRecord is a judged result as written: ResultFields, then verdict,
// risk, mail, evidence (phrases joined by EvidenceSep), parking, and the RDAP
// registrar and creation date when --rdap asked for them; then, when the run
// asked for them, the `web` object (null for a name not examined) and the
// `smtp` banners.
func FindingRecord(f judge.Finding) Record {
	var registrar, created string
	if f.RDAP != nil {
		registrar, created = f.RDAP.Registrar, f.RDAP.Created
	}
	rec := ResultFields(&f.Result)
	rec = append(rec,
		Field{Key: "verdict", Value: string(f.Verdict)},
		Field{Key: "risk", Value: f.Risk},
		Field{Key: "mail", Value: f.Mail},
		Field{Key: "evidence", Value: strings.Join(f.Evidence, EvidenceSep)},
		Field{Key: "parking", Value: f.Parking},
		Field{Key: "registrar", Value: registrar},
		Field{Key: "created", Value: created},
	)
	// Present for every record of a run that asked, so that a stream's
	// records keep one set of keys.
	if w := f.Web; w != nil {
		if w.Fetch {
			rec = append(rec, Field{Key: "web", Value: w.Page})
		}
		if w.Banners {
			rec = append(rec, Field{Key: "smtp", Value: append([]smtpbanner.Banner{}, w.SMTP...)})
		}
	}
	return rec
}
