package report

import (
	"strings"
	"testing"

	"github.com/lookalike/lookalike/audit"
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
