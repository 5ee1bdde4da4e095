package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/audit"
	"github.com/lookalike/lookalike/resolve"
)

func TestAuditRecordListsEachPlaceOnce(t *testing.T) {
	f := audit.Finding{Domain: "brand.example", Severity: audit.SeverityInfo, Refs: []audit.Ref{
		{Host: "ns1.brand.example", Domain: "brand.example", Kind: "ns", Source: "dns:brand.example NS"},
		{Host: "ns2.brand.example", Domain: "brand.example", Kind: "ns", Source: "dns:brand.example NS"},
		{Host: "mx.brand.example", Domain: "brand.example", Kind: "mx", Source: "dns:brand.example MX"},
	}}
	got := AuditRecord(f).Get("found_in").([]string)
	if strings.Join(got, "|") != "ns dns:brand.example NS|mx dns:brand.example MX" {
		t.Errorf("found_in = %q", got)
	}
	if AuditRecord(f).Get("refs") != 3 {
		t.Errorf("refs = %v, want every reference counted", AuditRecord(f).Get("refs"))
	}
}

func TestWriteAudit(t *testing.T) {
	findings := []audit.Finding{
		{Domain: "websupportairfrance.fr", Severity: audit.SeverityCritical, Status: resolve.Unregistered,
			Refs: []audit.Ref{{Kind: "form", Source: "https://www.airfrance.fr/refund"}}},
		{Domain: "airfrance.fr", Severity: audit.SeverityInfo, Status: resolve.Registered},
	}
	for _, tc := range []struct {
		name      string
		registrar bool
		format    Format
	}{
		{"csv with the registrar file", true, FormatCSV},
		{"jsonl alone", false, FormatJSONL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			reg := ""
			if tc.registrar {
				reg = filepath.Join(dir, "critical.csv")
			}
			var buf bytes.Buffer
			out, err := OpenOutput(&buf, "", tc.format, TableOptions{Columns: AuditColumns})
			if err != nil {
				t.Fatal(err)
			}
			counts, err := WriteAudit(out, reg, "airfrance.fr", findings)
			if err != nil || counts[audit.SeverityCritical] != 1 || counts[audit.SeverityInfo] != 1 {
				t.Fatalf("counts %v, err %v", counts, err)
			}
			if !strings.Contains(buf.String(), "websupportairfrance.fr") || !strings.Contains(buf.String(), "airfrance.fr") {
				t.Errorf("output misses a finding:\n%s", buf.String())
			}
			if !tc.registrar {
				return
			}
			b, err := os.ReadFile(reg)
			if err != nil {
				t.Fatal(err)
			}
			if s := string(b); !strings.Contains(s, "websupportairfrance.fr") || strings.Contains(s, "\nairfrance.fr,") || !strings.Contains(s, "referenced by the brand: form https://www.airfrance.fr/refund") {
				t.Errorf("registrar CSV holds the critical name alone, with where it is referenced:\n%s", s)
			}
		})
	}
}
