package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/audit"
	"github.com/lookalike/lookalike/internal/dnstest"
)

const auditPage = `<!doctype html><html><head><title>Refunds</title>
<script src="/app.js"></script></head><body>
<form action="https://websupportairbrand.fr/refund" method="post"><input name="booking"></form>
<a href="mailto:claims@airbrand-claims.fr">write to us</a>
<a href="/about">about</a>
<img src="https://cdn.unrelated-cdn.net/logo.png">
</body></html>`

const auditScript = `fetch("https://api.airbrand-api.com/v2/refunds", {method: "POST"});`

func auditWorld(t *testing.T) (site *httptest.Server, dnsAddr string) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		fmt.Fprint(w, auditScript)
	})
	mux.HandleFunc("/about", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>about us</body></html>") })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, auditPage) })
	site = httptest.NewServer(mux)
	t.Cleanup(site.Close)

	s := dnstest.New(t)
	for _, d := range []string{"airbrand.fr", "airbrand-api.com", "unrelated-cdn.net"} {
		delegate(s, d, "ns1.host.example")
	}
	return site, s.Addr()
}

func TestAuditSite(t *testing.T) {
	site, dnsAddr := auditWorld(t)
	reg := filepath.Join(t.TempDir(), "critical.csv")
	code, out, errs := runCLI(t, false, "audit", site.URL+"/", "--brand", "airbrand.fr", "--resolvers", dnsAddr,
		"--timeout", "300ms", "--format", "jsonl", "--registrar-csv", reg)
	if code != exitChanges {
		t.Fatalf("exit %d, want 3 (critical findings); stderr %s", code, errs)
	}
	rows := parseJSONL(t, out)
	tests := []struct{ domain, severity string }{
		{"websupportairbrand.fr", "critical"},
		{"airbrand-claims.fr", "critical"},
		{"airbrand-api.com", "high"},
		{"unrelated-cdn.net", "info"},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			if r := rows[tt.domain]; r == nil || r["severity"] != tt.severity {
				t.Errorf("%s: %v, want %s", tt.domain, r, tt.severity)
			}
		})
	}
	b, _ := os.ReadFile(reg)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || !strings.Contains(string(b), "websupportairbrand.fr") || !strings.Contains(string(b), "airbrand-claims.fr") {
		t.Errorf("registrar CSV = %q, want exactly the two critical domains", b)
	}
}

func TestAuditFilesAndExitZero(t *testing.T) {
	_, dnsAddr := auditWorld(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "mail.html"), []byte(`<p>Visit <a href="https://www.airbrand.fr/">us</a> or <a href="https://cdn.unrelated-cdn.net/">cdn</a></p>`), 0o644)
	code, out, errs := runCLI(t, false, "audit", dir, "--brand", "airbrand.fr", "--resolvers", dnsAddr, "--format", "jsonl")
	if code != 0 {
		t.Fatalf("exit %d, want 0 with nothing critical: %s", code, errs)
	}
	rows := parseJSONL(t, out)
	if rows["unrelated-cdn.net"]["severity"] != "info" {
		t.Errorf("rows = %v", rows)
	}
	if !strings.Contains(rows["unrelated-cdn.net"]["found_in"].([]any)[0].(string), "mail.html:1") {
		t.Errorf("no file:line in %v", rows["unrelated-cdn.net"])
	}
}

func TestAuditUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"nothing":         {"audit", "--resolvers", "127.0.0.1:1"},
		"files, no brand": {"audit", ".", "--resolvers", "127.0.0.1:1"},
		"bad dns domain":  {"audit", "--dns", "co.uk", "--resolvers", "127.0.0.1:1"},
		"missing path":    {"audit", "no/such/dir", "--brand", "airbrand.fr", "--resolvers", "127.0.0.1:1"},
		"negative depth":  {"audit", "http://127.0.0.1:1/", "--depth", "-1", "--brand", "airbrand.fr", "--resolvers", "127.0.0.1:1"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCLI(t, false, args...)
			if code != exitUsage || out != "" {
				t.Errorf("exit %d, out %q, err %q", code, out, errs)
			}
		})
	}
}

func TestAuditRecordListsEachPlaceOnce(t *testing.T) {
	f := audit.Finding{Domain: "brand.example", Severity: audit.SeverityInfo, Refs: []audit.Ref{
		{Host: "ns1.brand.example", Domain: "brand.example", Kind: "ns", Source: "dns:brand.example NS"},
		{Host: "ns2.brand.example", Domain: "brand.example", Kind: "ns", Source: "dns:brand.example NS"},
		{Host: "mx.brand.example", Domain: "brand.example", Kind: "mx", Source: "dns:brand.example MX"},
	}}
	got := auditRecord(f).Get("found_in").([]string)
	if strings.Join(got, "|") != "ns dns:brand.example NS|mx dns:brand.example MX" {
		t.Errorf("found_in = %q", got)
	}
	if auditRecord(f).Get("refs") != 3 {
		t.Errorf("refs = %v, want every reference counted", auditRecord(f).Get("refs"))
	}
}
