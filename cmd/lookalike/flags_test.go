package main

import (
	"bufio"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// genSet runs generate and returns its list output as a set.
func genSet(t *testing.T, args ...string) map[string]bool {
	t.Helper()
	code, out, errs := runCLI(t, false, append([]string{"generate", "--format", "list"}, args...)...)
	if code != 0 {
		t.Fatalf("generate %v: exit %d: %s", args, code, errs)
	}
	m := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		m[l] = true
	}
	return m
}

// Each generator flag reaches the generator: the names it adds appear, and
// only with the flag.
func TestGeneratorFlags(t *testing.T) {
	dir := t.TempDir()
	words := filepath.Join(dir, "words.txt")
	os.WriteFile(words, []byte("# ours\nbilletterie\n"), 0o644)
	dict := filepath.Join(dir, "dict.txt")
	os.WriteFile(dict, []byte("voyage\n"), 0o644)
	tests := []struct {
		name       string
		args       []string
		want, miss string
	}{
		{"keyword pairs", []string{"airfrance.fr", "--keyword-pairs"}, "airfrance-login-support.fr", ""},
		{"keywords under every tld", []string{"airfrance.fr", "--keywords-all-tlds", "--tlds", "de"}, "airfrance-remboursement.de", ""},
		{"keyword file", []string{"airfrance.fr", "--keywords", words}, "airfrance-billetterie.com", ""},
		{"no default keywords", []string{"airfrance.fr", "--no-default-keywords", "--keywords", words}, "airfrance-billetterie.fr", "airfrance-support.fr"},
		{"dictionary", []string{"airfrance.fr", "--fuzzers", "dictionary", "--dictionary", dict}, "airfrance-voyage.fr", ""},
		{"layouts", []string{"airfrance.fr", "--fuzzers", "replacement", "--layouts", "azerty"}, "airfrqnce.fr", "airfrsnce.fr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := genSet(t, tt.args...)
			if !got[tt.want] {
				t.Errorf("%s missing with %v", tt.want, tt.args)
			}
			if tt.miss != "" && got[tt.miss] {
				t.Errorf("%s present with %v", tt.miss, tt.args)
			}
		})
	}
	if genSet(t, "airfrance.fr")["airfrance-login-support.fr"] {
		t.Error("a keyword pair without --keyword-pairs")
	}
}

func TestScanExplainAndRecordsVia(t *testing.T) {
	s := verdictWorld(t)
	for _, via := range []string{"lean", "dnsx"} {
		t.Run(via, func(t *testing.T) {
			code, out, errs := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s),
				"--timeout", "300ms", "--format", "jsonl", "--explain", "--records-via", via)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			r := parseJSONL(t, out)["irfrance.fr"]
			if mx, _ := r["mx"].([]any); len(mx) != 1 {
				t.Errorf("records via %s: mx = %v", via, r["mx"])
			}
			f, _ := r["risk_factors"].([]any)
			if len(f) == 0 || !strings.Contains(f[0].(string), "name:") {
				t.Errorf("--explain: risk_factors = %v", r["risk_factors"])
			}
		})
	}
	if code, _, errs := runCLI(t, false, "scan", "airfrance.fr", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--records-via", "dig"); code != exitUsage || !strings.Contains(errs, "dig") {
		t.Errorf("--records-via dig: exit %d, %s", code, errs)
	}
}

func TestScanOwnerPatterns(t *testing.T) {
	s := verdictWorld(t)
	code, out, errs := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--timeout", "300ms",
		"--format", "jsonl", "--owner-ns", "*.cloudhost.example", "--owner-mx", "mail.cloudhost.example")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := parseJSONL(t, out)
	for _, d := range []string{"airfance.fr", "irfrance.fr"} {
		if rows[d]["verdict"] != "owned" || !strings.Contains(rows[d]["evidence"].(string), "--owner-") {
			t.Errorf("%s: %v %v", d, rows[d]["verdict"], rows[d]["evidence"])
		}
	}
	if code, _, _ := runCLI(t, false, "scan", "airfrance.fr", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--owner-ns", "not a pattern!"); code != exitUsage {
		t.Errorf("bad --owner-ns: exit %d", code)
	}
}

// smtpSink is a loopback SMTP server that keeps the messages it is given.
type smtpSink struct {
	mu   sync.Mutex
	mail []string
	addr string
}

func newSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &smtpSink{addr: ln.Addr().String()}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(l string) { c.Write([]byte(l + "\r\n")) }
	say("220 sink ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil || l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.mail = append(s.mail, b.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func TestScanNotifyEmail(t *testing.T) {
	s := verdictWorld(t)
	sink := newSMTPSink(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("notify:\n  email:\n    smtp: "+sink.addr+"\n    from: lookalike@example.com\n    to: [config@example.com]\n"), 0o644)
	args := func() []string {
		return cronArgs(s, state, "--config", cfg, "--notify-email", "brand-protection@example.com")
	}
	if code, _, errs := runCLI(t, false, args()...); code != 0 {
		t.Fatalf("baseline: exit %d: %s", code, errs)
	}
	if len(sink.mail) != 0 {
		t.Fatal("mail sent without changes")
	}
	register(s, "airfrane.fr", true)
	if code, _, errs := runCLI(t, false, args()...); code != exitChanges {
		t.Fatalf("exit %d, want 3: %s", code, errs)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.mail) != 1 || !strings.Contains(sink.mail[0], "airfrane.fr") || !strings.Contains(sink.mail[0], "brand-protection@example.com") ||
		strings.Contains(sink.mail[0], "config@example.com") {
		t.Errorf("mail = %q", sink.mail)
	}
	// The command line's recipient won over the config's. Without an SMTP
	// server in the config, --notify-email fails the run after saving, with a
	// message that says what to set.
	os.WriteFile(cfg, []byte("{}\n"), 0o644)
	register(s, "airfrace.fr", false)
	code, _, errs := runCLI(t, false, args()...)
	if code != exitFailure || !strings.Contains(errs, "notify.email.smtp") {
		t.Errorf("no smtp configured: exit %d, %s", code, errs)
	}
}
