package report

import (
	"strings"

	"github.com/lookalike/lookalike/match"
)

// MatchColumns are the columns of match's table: what an analyst reads to
// see which brand a name imitates and how; csv, json and jsonl carry every
// field of MatchRecord.
var MatchColumns = []string{"score", "domain", "brand", "kind", "reason"}

// MatchRecord is one lookalike found by `lookalike match`, as written:
// domain (as observed), unicode, registrable, brand, kind, edit, score,
// reason, source, then where in the source it was: line (a list or zone
// file) or ct_index (a CT log). One run reads one source, so every record
// of a stream has the same keys. Field names and order are a contract
// documented in the README.
func MatchRecord(r match.Result) Record {
	rec := Record{
		{Key: "domain", Value: r.Domain},
		{Key: "unicode", Value: r.Unicode},
		{Key: "registrable", Value: r.Registrable},
		{Key: "brand", Value: r.Brand},
		{Key: "kind", Value: r.Kind},
		{Key: "edit", Value: r.Edit},
		{Key: "score", Value: r.Score},
		{Key: "reason", Value: r.Reason},
		{Key: "source", Value: r.Source},
	}
	// Index 0 is a real CT entry, so the source, not the value, decides.
	if strings.HasPrefix(r.Source, "ct:") {
		return append(rec, Field{Key: "ct_index", Value: int(r.CTIndex)})
	}
	return append(rec, Field{Key: "line", Value: int(r.Line)})
}
