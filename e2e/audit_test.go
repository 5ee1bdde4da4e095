//go:build e2e

package e2e

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lookalike/lookalike/e2e/world"
)

// auditFinding is one JSONL line of `lookalike audit` (README, "Audit").
type auditFinding struct {
	Domain   string   `json:"domain"`
	Severity string   `json:"severity"`
	Status   string   `json:"status"`
	Reason   string   `json:"reason"`
	Why      string   `json:"why"`
	Refs     int      `json:"refs"`
	Example  string   `json:"example"`
	FoundIn  []string `json:"found_in"`
}

// wantFinding is what the audit must say about one referenced domain.
type wantFinding struct {
	severity string
	foundIn  string // one of its found_in entries; "" for any
}

// runAudit runs audit with args (plus JSONL and a registrar CSV), holds its
// findings to want exactly (the same domains, each with its severity and
// where it was found), the exit status to 3 when something is critical, and
// the registrar CSV to exactly the critical domains.
func runAudit(t *testing.T, want map[string]wantFinding, args ...string) {
	t.Helper()
	csvPath := filepath.Join(t.TempDir(), "critical.csv")
	r := lookalike(t, nil, append([]string{"audit", "--format", "jsonl", "--registrar-csv", csvPath}, args...)...)
	var critical []string
	for d, w := range want {
		if w.severity == "critical" {
			critical = append(critical, d)
		}
	}
	slices.Sort(critical)
	if wantExit := map[bool]int{true: 3, false: 0}[len(critical) > 0]; r.exit != wantExit {
		t.Errorf("exit %d, want %d (critical: %v)", r.exit, wantExit, critical)
	}
	seen := map[string]bool{}
	for _, f := range jsonLines[auditFinding](t, r.stdout) {
		if seen[f.Domain] {
			t.Errorf("%s reported twice", f.Domain)
		}
		seen[f.Domain] = true
		w, ok := want[f.Domain]
		if !ok {
			t.Errorf("unexpected finding %s: %s (%s), found in %v", f.Domain, f.Severity, f.Why, f.FoundIn)
			continue
		}
		if f.Severity != w.severity {
			t.Errorf("%s: severity %s (%s; status %s), want %s", f.Domain, f.Severity, f.Why, f.Status, w.severity)
		}
		if wantStatus := map[bool]string{true: "unregistered", false: "registered"}[w.severity == "critical"]; f.Status != wantStatus {
			t.Errorf("%s: status %s (%s), want %s", f.Domain, f.Status, f.Reason, wantStatus)
		}
		if w.foundIn != "" && !slices.Contains(f.FoundIn, w.foundIn) {
			t.Errorf("%s: found in %q, want among them %q", f.Domain, f.FoundIn, w.foundIn)
		}
		if f.Refs < 1 || f.Example == "" || f.Why == "" {
			t.Errorf("%s: refs %d, example %q, why %q: every finding says what referenced it and why it matters", f.Domain, f.Refs, f.Example, f.Why)
		}
	}
	for d := range want {
		if !seen[d] {
			t.Errorf("%s (%s) not reported", d, want[d].severity)
		}
	}

	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatalf("registrar CSV: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 || recs[0][0] != "domain" {
		t.Fatalf("registrar CSV %s: %v, %d records; want a header starting with domain", csvPath, err, len(recs))
	}
	var listed []string
	for _, rec := range recs[1:] {
		listed = append(listed, rec[0])
	}
	slices.Sort(listed)
	if !slices.Equal(listed, critical) {
		t.Errorf("registrar CSV lists %v, want exactly the critical domains %v", listed, critical)
	}
}

// Issue 6, "Done when" (DNS part): a brand whose SPF includes an unregistered
// domain and a registered one, whose DMARC rua mails an unregistered domain
// and whose MX points at a host under an unregistered domain. audit --dns
// reports exactly those unregistered domains as critical; the brand and the
// registered SPF provider are not; a CNAME onto a registered lookalike and a
// CNAME dangling on a third party's domain are high. Through nsd directly
// (the walk follows CNAME chains itself) and through unbound.
func TestAuditDNS(t *testing.T) {
	spec := world.Spec{
		Brands: []string{verdictBrand},
		Registered: []world.Name{
			{Domain: "relaymail.net", Kind: world.AOnly},       // an e-mail provider, registered
			{Domain: "acmebnk.com", Kind: world.AMX},           // a lookalike a third party holds
			{Domain: "helpdesk-cloud.net", Kind: world.NSOnly}, // a help-desk service
		},
		Unregistered: []string{"acmebank-mailer.com", "acmebank-reports.com", "acmebank-mx.net"},
		TLDs:         []string{"com", "net"},
		Records: []world.Record{
			{Owner: verdictBrand, Type: "TXT", Data: `"v=spf1 mx include:_spf.acmebank-mailer.com include:relaymail.net -all"`},
			{Owner: "relaymail.net", Type: "TXT", Data: `"v=spf1 ip4:127.0.0.0/8 -all"`},
			{Owner: "_dmarc." + verdictBrand, Type: "TXT", Data: `"v=DMARC1; p=reject; rua=mailto:dmarc@acmebank-reports.com; ruf=mailto:dmarc@acmebank.com"`},
			{Owner: verdictBrand, Type: "MX", Data: "20 mx.acmebank-mx.net"},
			{Owner: "shop." + verdictBrand, Type: "CNAME", Data: "acmebnk.com"},
			{Owner: "help." + verdictBrand, Type: "CNAME", Data: "help.helpdesk-cloud.net"},
		},
	}
	w := world.ForTest(t, spec)
	want := map[string]wantFinding{
		"acmebank-mailer.com":  {"critical", "spf-include dns:acmebank.com TXT"},
		"acmebank-reports.com": {"critical", "dmarc-rua dns:_dmarc.acmebank.com TXT"},
		"acmebank-mx.net":      {"critical", "mx dns:acmebank.com MX"},
		"acmebnk.com":          {"high", "cname dns:shop.acmebank.com CNAME"},
		"helpdesk-cloud.net":   {"high", "cname-dangling dns:help.acmebank.com CNAME"},
		"relaymail.net":        {"info", "spf-include dns:acmebank.com TXT"},
		"acmebank.com":         {"info", "ns dns:acmebank.com NS"},
	}
	for _, via := range []struct{ name, addr string }{
		{"nsd", w.NSD()},
		{"unbound", w.Unbound()},
	} {
		t.Run(via.name, func(t *testing.T) {
			runAudit(t, want, "--dns", verdictBrand, "--resolvers", via.addr)
		})
	}
}

// Issue 6, "Done when" (templates part): a directory of HTML and e-mail
// templates whose refund form posts to an unregistered lookalike, whose
// e-mail asks for replies at another and links a mailto: to a third, and
// whose page loads a script from a registered lookalike. The audit reports
// the unregistered ones as critical with file and line, the registered
// lookalike as high and the brand as info. The shared world is enough: it
// only reads.
func TestAuditTemplates(t *testing.T) {
	w := world.Shared(t)
	dir := t.TempDir()
	page := writeFile(t, filepath.Join(dir, "refund.html"), `<!doctype html>
<html><head><title>Refund request</title>
<link rel="stylesheet" href="https://www.acmebank.com/static/site.css">
<script src="https://cdn.acmebnk.com/widgets/chat.js"></script>
</head><body>
<h1>Ask for a refund</h1>
<form action="https://websupportacmebank.com/refund" method="post">
  <input name="iban"><button>Send</button>
</form>
<p>Questions? <a href="https://www.acmebank.com/help">Help centre</a>
or <a href="mailto:claims@acmebank-claims.com">write to us</a>.</p>
</body></html>
`)
	mail := writeFile(t, filepath.Join(dir, "mail", "refund-confirmation.eml"), `From: Acme Bank <noreply@acmebank.com>
Reply-To: refunds@acmebank-refund.com
Subject: Your refund request
Content-Type: text/plain; charset=utf-8

Dear customer,

we have received your refund request. Track it at https://www.acmebank.com/refunds
or reply to this message.
`)
	// The world must agree with what the test calls registered.
	m := w.Manifest()
	for d, truth := range map[string]world.Truth{
		"acmebank.com": world.TruthRegistered, "acmebnk.com": world.TruthRegistered,
		"websupportacmebank.com": world.TruthUnregistered, "acmebank-claims.com": world.TruthUnregistered,
		"acmebank-refund.com": world.TruthUnregistered,
	} {
		if got := m.Truth(d); got != truth {
			t.Fatalf("the shared world has %s %v, this test needs it %v", d, got, truth)
		}
	}
	want := map[string]wantFinding{
		"websupportacmebank.com": {"critical", "form-action " + page + ":7"},
		"acmebank-claims.com":    {"critical", ""},
		"acmebank-refund.com":    {"critical", "header " + mail + ":2"},
		"acmebnk.com":            {"high", "script " + page + ":4"},
		"acmebank.com":           {"info", ""},
	}
	for _, via := range []struct{ name, addr string }{
		{"nsd", w.NSD()},
		{"unbound", w.Unbound()},
	} {
		t.Run(via.name, func(t *testing.T) {
			runAudit(t, want, dir, "--brand", verdictBrand, "--resolvers", via.addr)
		})
	}
}
