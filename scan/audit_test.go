package scan

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/lookalike/lookalike/audit"
)

func TestInferBrand(t *testing.T) {
	ref := func(d string) audit.Ref { return audit.Ref{Host: d, Domain: d} }
	tests := []struct {
		name string
		refs []audit.Ref
		want string
	}{
		{"most referenced", []audit.Ref{ref("cdn.net"), ref("airbrand.fr"), ref("airbrand.fr")}, "airbrand.fr"},
		{"tie goes to name order", []audit.Ref{ref("b.fr"), ref("a.fr")}, "a.fr"},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inferBrand(tt.refs).Domain; got != tt.want {
				t.Errorf("inferBrand = %q, want %q", got, tt.want)
			}
		})
	}
}

// Issue 10: audit calls a referenced domain critical only when its
// registry's servers confirm it is free; a resolver's NXDOMAIN that nobody
// could confirm (no .com registry in this world) is unknown.
func TestAuditCriticalOnlyConfirmed(t *testing.T) {
	s := world(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "refund.html")
	if err := os.WriteFile(page, []byte(`<form action="https://airfrane.fr/refund"></form><a href="https://airfrnc.com/help">help</a>`), 0o644); err != nil {
		t.Fatal(err)
	}
	o := options(t, s)
	findings, _, err := Audit(context.Background(), AuditOptions{Brand: o.Brands[0], Paths: []string{dir}, Resolve: o.Resolve})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range findings {
		got[f.Domain] = f.Severity
	}
	if got["airfrane.fr"] != audit.SeverityCritical || got["airfrnc.com"] != audit.SeverityUnknown {
		t.Errorf("severities %v: want airfrane.fr critical (confirmed by .fr), airfrnc.com unknown (unconfirmed)", got)
	}
}
