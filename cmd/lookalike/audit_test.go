package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	registry(t, s, "fr", "com", "net")
	for _, d := range []string{"airbrand.fr", "airbrand-api.com", "unrelated-cdn.net"} {
		delegate(s, d, "ns1.host.example")
	}
	return site, s.Addr()
}

func TestAuditSite(t *testing.T) {
	site, dnsAddr := auditWorld(t)
	reg := filepath.Join(t.TempDir(), "critical.csv")
	code, out, errs := runCLI(t, false, "audit", site.URL+"/", "--brand", "airbrand.fr", "--resolvers", dnsAddr, "--auth-port", authPortOf(dnsAddr),
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
	code, out, errs := runCLI(t, false, "audit", dir, "--brand", "airbrand.fr", "--resolvers", dnsAddr, "--auth-port", authPortOf(dnsAddr), "--format", "jsonl")
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
		"nothing":        {"audit", "--resolvers", "127.0.0.1:1"},
		"bad dns domain": {"audit", "--dns", "co.uk", "--resolvers", "127.0.0.1:1"},
		"missing path":   {"audit", "no/such/dir", "--brand", "airbrand.fr", "--resolvers", "127.0.0.1:1"},
		"negative depth": {"audit", "http://127.0.0.1:1/", "--depth", "-1", "--brand", "airbrand.fr", "--resolvers", "127.0.0.1:1"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCLI(t, false, args...)
			if code != exitUsage || out != "" {
				t.Errorf("exit %d, out %q, err %q", code, out, errs)
			}
		})
	}
}

// Issue 11: local files need no --brand. An unregistered domain the files
// point at is critical without one; the brand, inferred from the most
// referenced domain, is what "high" lookalikes are judged against.
func TestAuditFilesWithoutBrand(t *testing.T) {
	_, dnsAddr := auditWorld(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "refund.html"), []byte(`<a href="https://www.airbrand.fr/">home</a> <a href="https://airbrand.fr/help">help</a>
<form action="https://websupportairbrand.fr/refund" method="post"></form>
<script src="https://api.airbrand-api.com/v2/app.js"></script>`), 0o644)
	code, out, errs := runCLI(t, false, "audit", dir, "--resolvers", dnsAddr, "--auth-port", authPortOf(dnsAddr), "--format", "jsonl")
	if code != exitChanges {
		t.Fatalf("exit %d, want 3 (a critical finding): %s", code, errs)
	}
	rows := parseJSONL(t, out)
	for domain, want := range map[string]string{
		"websupportairbrand.fr": "critical", // unregistered: critical with no brand given
		"airbrand-api.com":      "high",     // a lookalike of the inferred brand
		"airbrand.fr":           "info",     // the inferred brand itself
	} {
		if got := rows[domain]["severity"]; got != want {
			t.Errorf("%s: severity %v, want %s", domain, got, want)
		}
	}
	if !strings.Contains(errs, "airbrand.fr") {
		t.Errorf("stderr does not name the inferred brand: %s", errs)
	}
}

// Issue 14: audit --format html is one page with a section per severity,
// every referenced domain in the section its severity names.
func TestAuditHTML(t *testing.T) {
	site, dnsAddr := auditWorld(t)
	page := filepath.Join(t.TempDir(), "audit.html")
	code, _, errs := runCLI(t, false, "audit", site.URL+"/", "--brand", "airbrand.fr", "--resolvers", dnsAddr, "--auth-port", authPortOf(dnsAddr),
		"--timeout", "300ms", "--format", "html", "-o", page)
	if code != exitChanges {
		t.Fatalf("exit %d, want 3; stderr %s", code, errs)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, sev := range []string{"critical", "high", "unknown", "info"} {
		if !strings.Contains(html, `<section id="`+sev+`" data-verdict="`+sev+`">`) {
			t.Errorf("no %s section", sev)
		}
	}
	critical := html[strings.Index(html, `<section id="critical"`):strings.Index(html, `<section id="high"`)]
	for _, d := range []string{"websupportairbrand.fr", "airbrand-claims.fr"} {
		if !strings.Contains(critical, d) {
			t.Errorf("%s not in the critical section", d)
		}
	}
	if strings.Contains(critical, "unrelated-cdn.net") {
		t.Error("an info domain in the critical section")
	}
	if code, _, _ := runCLI(t, false, "audit", site.URL+"/", "--brand", "airbrand.fr", "--resolvers", dnsAddr, "--auth-port", authPortOf(dnsAddr), "--format", "rpz"); code != exitUsage {
		t.Errorf("audit --format rpz: exit %d, want 2 (html is the one hand-on format audit offers)", code)
	}
}

// authPortOf is the --auth-port of the world whose resolver listens at addr.
func authPortOf(addr string) string {
	port := "53"
	registries.Range(func(k, _ any) bool {
		if s := k.(*dnstest.Server); s.Addr() == addr {
			port = authPort(s)
			return false
		}
		return true
	})
	return port
}
