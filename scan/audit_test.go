package scan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lookalike/lookalike/audit"
	"github.com/lookalike/lookalike/permute"
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

func TestAuditOptionsSettle(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args, dns []string
		brand     string
		wantBrand string
		wantDNS   []string
		wantErr   bool
	}{
		{"the first DNS domain is the brand", []string{"https://www.other.example/"}, []string{"www.AirFrance.fr", "klm.com"}, "", "airfrance.fr", []string{"airfrance.fr", "klm.com"}, false},
		{"else the first URL's", []string{"site/", "https://www.airfrance.fr/refund"}, nil, "", "airfrance.fr", []string{}, false},
		{"a given brand wins", []string{"https://www.klm.com/"}, []string{"klm.com"}, "airfrance.fr", "airfrance.fr", []string{"klm.com"}, false},
		{"local files alone: inferred later", []string{"site/"}, nil, "", "", []string{}, false},
		{"a DNS domain that is no domain", nil, []string{"not a domain"}, "", "", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := AuditOptions{DNS: tc.dns}
			if tc.brand != "" {
				b, err := permute.ParseBrand(tc.brand)
				if err != nil {
					t.Fatal(err)
				}
				o.Brand = b
			}
			o.AddTargets(tc.args)
			err := o.settle()
			if tc.wantErr {
				if !errors.Is(err, permute.ErrBadInput) {
					t.Fatalf("err %v, want a bad input", err)
				}
				return
			}
			if err != nil || o.Brand.Domain != tc.wantBrand || !slices.Equal(o.DNS, tc.wantDNS) || len(o.URLs)+len(o.Paths) != len(tc.args) {
				t.Errorf("brand %q DNS %q URLs %q paths %q, %v; want %q %q", o.Brand.Domain, o.DNS, o.URLs, o.Paths, err, tc.wantBrand, tc.wantDNS)
			}
		})
	}
}
