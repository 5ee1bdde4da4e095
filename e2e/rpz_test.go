//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/lookalike/lookalike/e2e/world"
	"github.com/lookalike/lookalike/report"
)

// rpzFindings are what a scan of verdictSpec reports about its registered
// names, as the records the rpz writer reads.
func rpzFindings() []report.Record {
	rec := func(domain, verdict string, risk int) report.Record {
		return report.Record{
			{Key: "domain", Value: domain},
			{Key: "brand", Value: verdictBrand},
			{Key: "verdict", Value: verdict},
			{Key: "risk", Value: risk},
		}
	}
	return []report.Record{
		rec("acmebnk.com", "third-party", 80),
		rec("acmebank-login.com", "third-party", 94),
		rec("acmebank.org", "parked", 65),
		rec("acmebank-support.com", "owned", 74),
		rec("acmebank.net", "owned", 63),
	}
}

// TestRPZInUnbound loads the zone `--format rpz` writes into the world's
// unbound, as a site's resolver would, and resolves through it: the blocked
// names and the names beneath them get NXDOMAIN from the policy, while NSD
// still serves them, and the brand's and its owned names resolve.
func TestRPZInUnbound(t *testing.T) {
	var zone bytes.Buffer
	w := report.NewRPZWriter(&zone, report.ExportOptions{Now: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)})
	for _, r := range rpzFindings() {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	spec := verdictSpec()
	spec.RPZ = []world.RPZ{{Name: report.DefaultRPZZone, Zone: zone.String()}}
	wld := world.ForTest(t, spec)

	tests := []struct {
		name  string
		qtype uint16
		want  int  // rcode through unbound
		real  bool // the name has data at its authority
	}{
		{"acmebnk.com", dns.TypeA, dns.RcodeNameError, true},
		{"www.acmebnk.com", dns.TypeA, dns.RcodeNameError, false},
		{"acmebank-login.com", dns.TypeMX, dns.RcodeNameError, true},
		{"mail.acmebank-login.com", dns.TypeA, dns.RcodeNameError, true},
		{"acmebank.org", dns.TypeA, dns.RcodeNameError, true},
		{"acmebank.com", dns.TypeA, dns.RcodeSuccess, true},
		{"acmebank-support.com", dns.TypeA, dns.RcodeSuccess, true},
		{"acmebank.net", dns.TypeMX, dns.RcodeSuccess, true},
		{"xn--cmebank-7va.com", dns.TypeA, dns.RcodeSuccess, true}, // registered, not in this zone
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := exchange(t, wld.Unbound(), tc.name, tc.qtype, true)
			if got.Rcode != tc.want {
				t.Fatalf("unbound: %s %s rcode %s, want %s", tc.name, dns.TypeToString[tc.qtype], dns.RcodeToString[got.Rcode], dns.RcodeToString[tc.want])
			}
			if tc.want == dns.RcodeSuccess && len(got.Answer) == 0 {
				t.Fatalf("unbound: %s %s NOERROR without an answer", tc.name, dns.TypeToString[tc.qtype])
			}
			// The authority still has the blocked names: NXDOMAIN came from
			// the policy, not from the world.
			if tc.want == dns.RcodeNameError && tc.real {
				auth := exchange(t, wld.NSD(), tc.name, tc.qtype, false)
				if auth.Rcode != dns.RcodeSuccess || len(auth.Answer) == 0 {
					t.Fatalf("nsd: %s rcode %s: the name should exist at its authority", tc.name, dns.RcodeToString[auth.Rcode])
				}
			}
		})
	}
}

func exchange(t *testing.T, server, name string, qtype uint16, recursive bool) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = recursive
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c := &dns.Client{Timeout: 2 * time.Second}
	var last error
	for range 3 {
		r, _, err := c.ExchangeContext(ctx, m, server)
		if err == nil {
			return r
		}
		last = err
	}
	t.Fatalf("%s %s at %s: %v", name, dns.TypeToString[qtype], server, last)
	return nil
}
