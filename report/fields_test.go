package report

import (
	"slices"
	"testing"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
)

// The field names and their order are a contract users script against.
func TestFindingRecordFields(t *testing.T) {
	f := sampleFindings(t)[6] // airfrance-support.com: registered, with RDAP
	rec := FindingRecord(f)
	var keys []string
	for _, x := range rec {
		keys = append(keys, x.Key)
	}
	want := []string{"domain", "unicode", "fuzzer", "fuzzers", "brand", "registrable", "status", "reason",
		"ns", "a", "aaaa", "mx", "cname", "verdict", "risk", "mail", "evidence", "parking", "registrar", "created"}
	if !slices.Equal(keys, want) {
		t.Errorf("FindingRecord keys\n got %q\nwant %q", keys, want)
	}
	for key, want := range map[string]any{
		"domain": "airfrance-support.com", "status": "registered", "verdict": "third-party",
		"risk": 100, "mail": true, "registrar": "Example Registrar\x1b[31m", "created": "2026-11-01T00:00:00Z",
		"evidence": "mx mail.evil-dns.net; a 203.0.113.5; registrar Example Registrar\x1b[31m; created 2026-11-01 (26 days)",
	} {
		if got := rec.Get(key); got != want {
			t.Errorf("%s = %#v, want %#v", key, got, want)
		}
	}
	if got := FindingRecord(judge.Finding{Verdict: judge.Defend}).Get("registrar"); got != "" {
		t.Errorf("registrar without RDAP = %#v, want empty", got)
	}
	// ResultFields is FindingRecord's prefix, so a scan without verdicts
	// writes the same columns first.
	rf := ResultFields(&f.Result)
	if len(rf) != 13 || rf.Get("status") != resolve.Registered.String() {
		t.Errorf("ResultFields = %v", rf)
	}
}
