package audit

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/internal/golden"
	"github.com/lookalike/lookalike/names"
)

// formatRefs writes refs one a line, tab-separated, in the order given.
func formatRefs(refs []Ref) string {
	var b strings.Builder
	for _, r := range refs {
		b.WriteString(strings.Join([]string{r.Kind, r.Host, r.Domain, r.Source, r.Value}, "\t"))
		b.WriteByte('\n')
	}
	return b.String()
}

// goldenFile compares got with testdata/golden/name, or rewrites it under -update.
func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name), []byte(got))
}

// checkRef holds the invariants every Ref keeps, whatever the input.
func checkRef(t *testing.T, r Ref) {
	t.Helper()
	if r.Host == "" || r.Domain == "" || r.Kind == "" || r.Source == "" {
		t.Fatalf("ref with an empty field: %+v", r)
	}
	if r.Host != strings.ToLower(r.Host) || !names.ValidHost(r.Host) {
		t.Fatalf("host %q is not a lower-case DNS name", r.Host)
	}
	if r.Host != r.Domain && !strings.HasSuffix(r.Host, "."+r.Domain) {
		t.Fatalf("domain %q is not a suffix of host %q", r.Domain, r.Host)
	}
	if d, ok := registrable(r.Host); !ok || d != r.Domain {
		t.Fatalf("domain of %q is %q, want %q", r.Host, r.Domain, d)
	}
}

// hosts lists the kind:host pairs of refs, for compact table tests.
func hosts(refs []Ref) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.Kind+":"+r.Host)
	}
	return out
}
