package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lookalike/lookalike/config"
	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
	"github.com/spf13/pflag"
)

func cronArgs(s *dnstest.Server, state string, extra ...string) []string {
	return append([]string{"scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--timeout", "200ms",
		"--retries", "1", "--state", state, "--format", "jsonl"}, extra...)
}

func register(s *dnstest.Server, name string, mx bool) {
	delegate(s, name, "ns1.thirdparty.example")
	if mx {
		mailTo(s, name, "mx.thirdparty.example")
	}
}

type hook struct {
	mu    sync.Mutex
	posts []map[string]any
	fail  bool
}

func (h *hook) server(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		json.Unmarshal(b, &m)
		h.mu.Lock()
		h.posts = append(h.posts, m)
		fail := h.fail
		h.mu.Unlock()
		if fail {
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCronChangesAndExitStatus(t *testing.T) {
	s := verdictWorld(t)
	state := filepath.Join(t.TempDir(), "state.db")
	h := &hook{}
	url := h.server(t).URL

	// Night 1: the baseline. Nothing to say, nothing sent.
	code, _, errs := runCLI(t, false, cronArgs(s, state, "--notify-webhook", url)...)
	if code != 0 || !strings.Contains(errs, "baseline recorded for airfrance.fr") {
		t.Fatalf("first run: exit %d, stderr %s", code, errs)
	}
	if len(h.posts) != 0 {
		t.Fatalf("webhook called without changes: %v", h.posts)
	}

	// Night 2: someone registers airfrane.fr with MX; the parked name gains MX.
	register(s, "airfrane.fr", true)
	s.Handle("airfrnce.fr", dns.TypeMX, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR("airfrnce.fr. 300 IN MX 0 mx.sedoparking.com.")}})
	code, out, errs := runCLI(t, false, cronArgs(s, state, "--changes-only", "--notify-webhook", url)...)
	if code != exitChanges {
		t.Fatalf("second run: exit %d, want 3; stderr %s", code, errs)
	}
	kinds := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad line %q", l)
		}
		if m["kind"] == nil {
			t.Fatalf("--changes-only printed a non-change: %s", l)
		}
		kinds[m["domain"].(string)+" "+m["kind"].(string)] = m["verdict"].(string)
	}
	for _, want := range []string{"airfrane.fr newly-registered", "airfrnce.fr gained-mx"} {
		if _, ok := kinds[want]; !ok {
			t.Errorf("change %q missing from %v", want, kinds)
		}
	}
	if len(h.posts) != 1 || !strings.Contains(h.posts[0]["text"].(string), "airfrane.fr") {
		t.Errorf("webhook posts = %v", h.posts)
	}

	// Night 3: a flaky network for the new name (resolver and registry
	// alike). Unknown is not a change.
	s.Handle("airfrane.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
	if a, ok := registries.Load(s); ok {
		a.(*dnstest.Server).Handle("airfrane.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
	}
	code, out, errs = runCLI(t, false, cronArgs(s, state, "--changes-only")...)
	if code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("flaky night: exit %d, changes %q, stderr %s", code, out, errs)
	}

	// history lists the three runs, all complete.
	code, out, _ = runCLI(t, false, "history", "--state", state, "--format", "jsonl")
	if code != 0 || strings.Count(out, `"complete":true`) != 3 {
		t.Errorf("history: exit %d\n%s", code, out)
	}
	// diff between run 3 and run 1 still shows the registration.
	code, out, errs = runCLI(t, false, "diff", "--state", state, "--since", "1", "--format", "csv")
	if code != 0 || !strings.Contains(out, "airfrane.fr") || !strings.HasPrefix(out, "brand,domain,unicode,kind") {
		t.Errorf("diff: exit %d %s\n%s", code, errs, out)
	}
}

func TestCronTableOpensWithChanges(t *testing.T) {
	s := verdictWorld(t)
	state := filepath.Join(t.TempDir(), "state.db")
	runCLI(t, false, cronArgs(s, state)...)
	register(s, "airfrane.fr", false)
	_, out, _ := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--timeout", "200ms", "--state", state, "--format", "table")
	if !strings.HasPrefix(out, "Changes since the last complete run: 1") || !strings.Contains(out, "newly-registered") {
		t.Errorf("table does not open with the changes:\n%.400s", out)
	}
	if !strings.Contains(out, "Register these first") {
		t.Error("sections missing after the changes")
	}
}

func TestCronFailedNotificationIsExit1AfterSaving(t *testing.T) {
	s := verdictWorld(t)
	state := filepath.Join(t.TempDir(), "state.db")
	h := &hook{fail: true}
	url := h.server(t).URL
	runCLI(t, false, cronArgs(s, state)...)
	register(s, "airfrane.fr", true)
	code, _, errs := runCLI(t, false, cronArgs(s, state, "--notify-webhook", url)...)
	if code != exitFailure || !strings.Contains(errs, "notification failed") {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	db, err := history.Open(state)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, _ := db.Runs("airfrance.fr")
	if len(runs) != 2 || !runs[1].Complete {
		t.Errorf("the run was not saved before the notification failed: %+v", runs)
	}
}

func TestCronLock(t *testing.T) {
	s := verdictWorld(t)
	state := filepath.Join(t.TempDir(), "state.db")
	unlock, err := history.Lock(state)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	code, out, errs := runCLI(t, false, cronArgs(s, state)...)
	if code != exitLocked || out != "" || !strings.Contains(errs, "another lookalike run") {
		t.Errorf("exit %d, out %q, stderr %q", code, out, errs)
	}
	if s.Queries() != 0 {
		t.Errorf("%d queries sent while locked out", s.Queries())
	}
}

func TestCronConfig(t *testing.T) {
	s := verdictWorld(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	latest := filepath.Join(dir, "latest.jsonl")
	cfg := filepath.Join(dir, "nightly.yaml")
	os.WriteFile(cfg, []byte(`brands: [airfrance.fr]
fuzzers: omission
resolvers: [`+s.Addr()+`]
timeout: 200ms
retries: 1
state: `+state+`
format: csv
outputs:
  - path: `+latest+`
    format: jsonl
`), 0o644)
	code, out, errs := runCLI(t, false, "scan", "--config", cfg, "--format", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "airfrnce.fr\n") || strings.Contains(out, ",") {
		t.Errorf("the command line's --format list did not win: %.200q", out)
	}
	b, err := os.ReadFile(latest)
	if err != nil || !strings.Contains(string(b), `"verdict"`) {
		t.Errorf("config output file: %v %.200q", err, b)
	}
	if _, err := os.Stat(state); err != nil {
		t.Errorf("config state not used: %v", err)
	}
	os.WriteFile(cfg, []byte("brands: [airfrance.fr]\nrat: 5\n"), 0o644)
	code, _, errs = runCLI(t, false, "scan", "--config", cfg)
	if code != exitUsage || !strings.Contains(errs, "rate") {
		t.Errorf("typo in config: exit %d, %s", code, errs)
	}
}

func TestStateWithoutValueUsesDefaultPath(t *testing.T) {
	s := verdictWorld(t)
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	code, _, errs := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--timeout", "200ms", "--format", "list", "--state")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(os.Getenv("XDG_DATA_HOME"), "lookalike", "state.db")); err != nil {
		t.Errorf("default state not created: %v", err)
	}
	if got := fixStateArg([]string{"scan", "x.fr", "--state", "--format", "csv"}); got[2] != "--state="+stateDefault {
		t.Errorf("fixStateArg = %q", got)
	}
	if got := fixStateArg([]string{"scan", "x.fr", "--state", "s.db"}); got[3] != "s.db" {
		t.Errorf("fixStateArg took the value away: %q", got)
	}
}

// Every flag of scan can live in the config file, under the key derived
// from its name, and example.yaml loads against the real flags and
// documents every key.
func TestConfigCoversScanFlags(t *testing.T) {
	scan := newScanCmd(&env{})
	keys := config.Keys(scan.Flags())
	scan.Flags().VisitAll(func(f *pflag.Flag) {
		k := config.KeyOf(f.Name)
		if f.Hidden {
			return // test-world flags (--auth-port) are not for files
		}
		if k == "" && f.Name != "help" && f.Name != "config" && f.Name != "output" {
			t.Errorf("--%s cannot be set from --config", f.Name)
		}
		if k != "" && !slices.Contains(keys, k) {
			t.Errorf("--%s: key %s not listed", f.Name, k)
		}
	})
	c, err := config.Parse([]byte(config.Example), "example.yaml", scan.Flags())
	if err != nil {
		t.Fatalf("example.yaml does not load against scan's flags: %v", err)
	}
	if err := c.Apply(scan.Flags()); err != nil {
		t.Fatalf("example.yaml's values are refused by scan's flags: %v", err)
	}
	for _, k := range keys {
		leaf := k[strings.LastIndex(k, ".")+1:]
		if !regexp.MustCompile(`(?m)^\s*(#\s*)?(- )?` + regexp.QuoteMeta(leaf) + `:`).MatchString(config.Example) {
			t.Errorf("example.yaml does not document key %s", k)
		}
	}
}

// The command line and the config file accept and refuse the same values:
// the file sets flags through the flags' own checks.
func TestConfigAndFlagsAgree(t *testing.T) {
	tests := []struct {
		flag, value string
		ok          bool
	}{
		{"top", "5", true},
		{"top", "1.5", false},
		{"top", "0", false},
		{"concurrency", "0", false},
		{"concurrency", "64", true},
		{"retries", "-1", false},
		{"rate", "-1", false},
		{"rate", "0", true},
		{"timeout", "5", false},
		{"timeout", "0s", false},
		{"timeout", "750ms", true},
		{"rdap-rate", "0", false},
		{"rdap-min-risk", "101", false},
		{"records-via", "udp", false},
		{"records-via", "dnsx", true},
		{"format", "xml", false},
		{"format", "jsonl", true},
	}
	for _, tt := range tests {
		t.Run(tt.flag+"="+tt.value, func(t *testing.T) {
			cli := newScanCmd(&env{})
			cliErr := cli.Flags().Parse([]string{"--" + tt.flag + "=" + tt.value})

			file := newScanCmd(&env{})
			key := config.KeyOf(tt.flag)
			c, err := config.Parse([]byte(key+": "+tt.value+"\n"), "c.yaml", file.Flags())
			if err == nil {
				err = c.Apply(file.Flags())
			}
			if (cliErr == nil) != tt.ok || (err == nil) != tt.ok {
				t.Fatalf("command line: %v; config file: %v; want ok=%v from both", cliErr, err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "c.yaml:1: "+key) {
				t.Errorf("config error %q does not name c.yaml:1 and the key", err)
			}
		})
	}
}
