package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
)

// webWorld: airfrance.fr and one third-party typo, irfrance.fr, whose
// address and mail host are loopback, which --web refuses to reach
// without --web-allow-private: so no test connects to anything.
func webWorld(t *testing.T) *dnstest.Server {
	s := dnstest.New(t)
	registry(t, s, "fr", "com")
	delegate(s, "airfrance.fr", "ns1.airfrance.fr")
	delegate(s, "irfrance.fr", "ns1.cloudhost.example")
	s.Handle("irfrance.fr", dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A("irfrance.fr", "127.0.0.1")}})
	mailTo(s, "irfrance.fr", "mail.irfrance.fr")
	s.Handle("mail.irfrance.fr", dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A("mail.irfrance.fr", "127.0.0.1")}})
	return s
}

func TestScanWebFlagsRefused(t *testing.T) {
	shots := filepath.Join(t.TempDir(), "shots")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"screenshot without --web", []string{"--screenshot", shots}, 2, "--screenshot takes pictures of the pages --web fetches: add --web"},
		{"chromium without --screenshot", []string{"--web", "--screenshot-chromium", "/usr/bin/chromium"}, 2, "--screenshot-chromium goes with --screenshot DIR"},
		{"allow-private alone", []string{"--web-allow-private"}, 2, "--web-allow-private goes with --web or --smtp-banner"},
		{"bad prefix", []string{"--web", "--web-allow", "127.0.0.1"}, 2, "--web-allow \"127.0.0.1\": want a prefix"},
		{"bad timeout", []string{"--web", "--web-timeout", "soon"}, 2, "--web-timeout"},
		{"no chromium is a runtime error, never a silent skip", []string{"--web", "--screenshot", shots, "--screenshot-chromium", "/nonexistent/chromium"}, 1,
			"--screenshot: chromium not found at /nonexistent/chromium: install Debian's chromium package (apt-get install chromium)"},
	}
	s := webWorld(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, false, scanArgs(s, tt.args...)...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, tt.code, tt.want)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing from a run that failed", out)
			}
		})
	}
}

// A --web run writes the web and smtp objects into every record; the
// lookalike's loopback address is refused and said so, and the verdict
// stays what DNS shows.
func TestScanWebRecords(t *testing.T) {
	s := webWorld(t)
	code, out, errs := runCLI(t, false, scanArgs(s, "--web", "--smtp-banner", "--web-timeout", "2s")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := parseJSONL(t, out)
	for d, r := range rows {
		if _, ok := r["web"]; !ok {
			t.Errorf("%s: no web field: every record of a --web run has one", d)
		}
		if _, ok := r["smtp"]; !ok {
			t.Errorf("%s: no smtp field: every record of a --smtp-banner run has one", d)
		}
	}
	kit := rows["irfrance.fr"]
	if kit == nil || kit["verdict"] != "third-party" {
		t.Fatalf("irfrance.fr: %v, want third-party", kit)
	}
	page, _ := kit["web"].(map[string]any)
	if page == nil || page["error"] != "forbidden" || page["url"] != "https://irfrance.fr/" {
		t.Errorf("irfrance.fr web %v, want the https page refused as forbidden", kit["web"])
	}
	banners, _ := kit["smtp"].([]any)
	if len(banners) != 1 || banners[0].(map[string]any)["reason"] != "forbidden" || banners[0].(map[string]any)["accepts"] != false {
		t.Errorf("irfrance.fr smtp %v, want one banner refused as forbidden", kit["smtp"])
	}
	if rows["airfrane.fr"]["web"] != nil {
		t.Errorf("an unregistered name was examined: %v", rows["airfrane.fr"]["web"])
	}
	if !strings.Contains(errs, "the brand's own site airfrance.fr could not be read") {
		t.Errorf("stderr %q, want the warning that the brand's site was not read", errs)
	}
}
