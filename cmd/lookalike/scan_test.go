package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/wordlists"
	"github.com/miekg/dns"
)

// scanWorld scripts a resolver for airfrance.fr's omission typos under .fr:
// two registered, one SERVFAIL everywhere, one silent; the rest NXDOMAIN.
func scanWorld(t *testing.T) *dnstest.Server {
	s := dnstest.New(t)
	auth := registry(t, s, "fr", "com")
	delegate(s, "airfrance.fr", "ns1.airfrance.fr")
	s.Handle("airfrance.fr", dns.TypeMX, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR("airfrance.fr. 300 IN MX 10 mx1.airfrance.fr.")}})
	delegate(s, "airfrnce.fr", "ns1.parking.example")
	s.Handle("airfrnce.fr", dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A("airfrnce.fr", "192.0.2.10")}})
	s.Handle("arfrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.NoData})
	s.Handle("irfrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
	s.Handle("airfance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Drop})
	// The registry, asked when recursion fails, cannot tell either.
	auth.Handle("irfrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
	auth.Handle("airfance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Drop})
	return s
}

// registries maps a scripted resolver to the server that plays the
// registries of its world.
var registries sync.Map

// registry starts the servers of suffixes for resolver s: names are offered
// for registration only once these confirm them free (NXDOMAIN with the
// zone's SOA, the server's default). The resolver learns where they are.
func registry(t *testing.T, s *dnstest.Server, suffixes ...string) *dnstest.Server {
	t.Helper()
	auth := dnstest.New(t)
	// Generated names also go under the cheap TLDs: their registries too.
	suffixes = append(suffixes, wordlists.AbusedTLDs()...)
	for _, sfx := range suffixes {
		host := "ns1.nic." + sfx
		s.Handle(sfx, dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS(sfx, host)})
		s.Handle(host, dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A(host, "127.0.0.1")}})
	}
	registries.Store(s, auth)
	return auth
}

// authPort is the --auth-port of s's world.
func authPort(s *dnstest.Server) string {
	if a, ok := registries.Load(s); ok {
		return strconv.Itoa(a.(*dnstest.Server).Port())
	}
	return "53"
}

func scanArgs(s *dnstest.Server, extra ...string) []string {
	return append([]string{"scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--format", "jsonl"}, extra...)
}

func parseJSONL(t *testing.T, out string) map[string]map[string]any {
	t.Helper()
	rows := map[string]map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad JSONL line %q: %v", l, err)
		}
		rows[m["domain"].(string)] = m
	}
	return rows
}

func TestScanStatuses(t *testing.T) {
	s := scanWorld(t)
	code, out, errs := runCLI(t, false, scanArgs(s)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := parseJSONL(t, out)
	tests := []struct{ name, domain, status, reason string }{
		{"delegated", "airfrnce.fr", "registered", "delegation"},
		{"nodata proves existence", "arfrance.fr", "registered", "noerror"},
		{"servfail is unknown", "irfrance.fr", "unknown", "servfail"},
		{"silence is unknown", "airfance.fr", "unknown", "timeout"},
		{"nxdomain", "airfrane.fr", "unregistered", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := rows[tt.domain]
			if !ok {
				t.Fatalf("%s not in output", tt.domain)
			}
			if r["status"] != tt.status || (tt.reason != "" && r["reason"] != tt.reason) {
				t.Errorf("%s: status %v reason %v, want %s %s", tt.domain, r["status"], r["reason"], tt.status, tt.reason)
			}
		})
	}
	if a := rows["airfrnce.fr"]["a"]; a == nil || len(a.([]any)) != 1 {
		t.Errorf("A records of a registered name not collected: %v", rows["airfrnce.fr"])
	}
	// Cron: no bar, one summary line.
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "2 registered") || !strings.Contains(lines[0], "2 unknown") {
		t.Errorf("stderr without a terminal = %q, want one summary line", errs)
	}
}

func TestScanProgressOnlyOnTerminal(t *testing.T) {
	s := scanWorld(t)
	_, _, errs := runCLI(t, true, scanArgs(s)...)
	if !strings.Contains(errs, "\r") {
		t.Errorf("no progress bar on a terminal: %q", errs)
	}
	_, _, errs = runCLI(t, true, scanArgs(s, "--no-progress")...)
	if strings.Contains(errs, "\r") {
		t.Errorf("--no-progress still drew: %q", errs)
	}
}

func TestScanStatusFilter(t *testing.T) {
	s := scanWorld(t)
	_, out, _ := runCLI(t, false, scanArgs(s, "--status", "registered")...)
	rows := parseJSONL(t, out)
	if len(rows) != 2 {
		t.Errorf("--status registered gave %d rows: %v", len(rows), rows)
	}
	for d, r := range rows {
		if r["status"] != "registered" {
			t.Errorf("%s: %v", d, r["status"])
		}
	}
}

func TestScanCandidatesFile(t *testing.T) {
	s := scanWorld(t)
	f := filepath.Join(t.TempDir(), "names.txt")
	os.WriteFile(f, []byte("AIRFRNCE.FR.\n# comment\nnot a name\nairfrane.fr\n"), 0o644)
	code, out, errs := runCLI(t, false, "scan", "--candidates", f, "--resolvers", s.Addr(), "--auth-port", authPort(s), "--timeout", "200ms", "--format", "jsonl")
	if code != exitUsage {
		t.Errorf("exit %d, want 2 for the bad line", code)
	}
	if !strings.Contains(errs, "names.txt:3:") {
		t.Errorf("bad line not named: %q", errs)
	}
	rows := parseJSONL(t, out)
	if rows["airfrnce.fr"]["status"] != "registered" || rows["airfrane.fr"]["status"] != "unregistered" || len(rows) != 2 {
		t.Errorf("rows = %v", rows)
	}
}

func TestScanUsageErrors(t *testing.T) {
	s := scanWorld(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad resolver", []string{"scan", "airfrance.fr", "--resolvers", "not-an-ip"}, "--resolvers"},
		{"bad status", []string{"scan", "airfrance.fr", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--status", "maybe"}, "--status"},
		{"bad concurrency", []string{"scan", "airfrance.fr", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--concurrency", "0"}, "--concurrency"},
		{"bad brand", []string{"scan", "co.uk", "--resolvers", s.Addr(), "--auth-port", authPort(s)}, "public suffix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, false, tt.args...)
			if code != exitUsage || out != "" || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, %q", code, out, errs, tt.want)
			}
		})
	}
}

func TestScanInterruptedWritesWhatItHas(t *testing.T) {
	s := scanWorld(t)
	s.SetDefault(dnstest.Rule{Kind: dnstest.NXDomain, Delay: 20 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	path := filepath.Join(t.TempDir(), "out.jsonl")
	var out, errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb}
	code := run(ctx, []string{"scan", "airfrance.fr", "--tlds", "com", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--concurrency", "4", "--format", "jsonl", "-o", path}, e)
	if code != exitInterrupted {
		t.Fatalf("exit %d, want 130; stderr %q", code, errb.String())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("interrupted run wrote no file: %v; stderr %q", err, errb.String())
	}
	rows := parseJSONL(t, string(b))
	if len(rows) == 0 {
		t.Error("nothing written")
	}
	if !strings.Contains(errb.String(), "interrupted after") {
		t.Errorf("summary = %q", errb.String())
	}
}

// Issue 10: --candidates - reads standard input once and scans every name.
func TestScanCandidatesFromStdin(t *testing.T) {
	s := scanWorld(t)
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader("airfrnce.fr\nnot a name\narfrance.fr\n"), stdout: &out, stderr: &errb}
	code := run(context.Background(), []string{"scan", "airfrance.fr", "--candidates", "-", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--format", "jsonl"}, e)
	if code != exitUsage {
		t.Fatalf("exit %d, want 2 for the bad line (after the good ones): %s", code, errb.String())
	}
	rows := parseJSONL(t, out.String())
	if rows["airfrnce.fr"]["status"] != "registered" || rows["arfrance.fr"]["status"] != "registered" || len(rows) != 2 {
		t.Errorf("rows %v: want both names of standard input scanned", rows)
	}
	if !strings.Contains(errb.String(), "-:2:") {
		t.Errorf("the bad line is not named: %s", errb.String())
	}
}

func TestScanTwoOutputsToOneFileRefused(t *testing.T) {
	s := scanWorld(t)
	path := filepath.Join(t.TempDir(), "out.csv")
	code, out, errs := runCLI(t, false, scanArgs(s, "-o", path, "--registrar-csv", path)...)
	if code != exitUsage || out != "" || !strings.Contains(errs, "both write") {
		t.Errorf("exit %d, out %q, err %q: want exit 2 before anything runs", code, out, errs)
	}
}
