package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/scan"
)

// handOnScan runs scan over verdictWorld with the portfolio, the main output
// in rpz and a config that writes every other hand-on format; it returns the
// directory of the files.
func handOnScan(t *testing.T, s *dnstest.Server, dir string, extra ...string) {
	t.Helper()
	portfolio := filepath.Join(dir, "portfolio.txt")
	os.WriteFile(portfolio, []byte("airfance.fr\n"), 0o644)
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte(`tlp: red
org: Air France CERT
outputs:
  - {path: `+filepath.Join(dir, "report.html")+`, format: html}
  - {path: `+filepath.Join(dir, "bundle.json")+`, format: stix}
  - {path: `+filepath.Join(dir, "event.json")+`, format: misp}
  - {path: `+filepath.Join(dir, "block.txt")+`, format: blocklist}
  - {path: `+filepath.Join(dir, "all.jsonl")+`, format: jsonl}
`), 0o644)
	args := append([]string{"scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--portfolio", portfolio, "--config", cfg,
		"--format", "rpz", "--rpz-zone", "block.airfrance.invalid", "-o", filepath.Join(dir, "zone.rpz")}, extra...)
	code, out, errs := runCLI(t, false, args...)
	if code != 0 && code != exitChanges {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing: every output went to a file", out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestScanHandOnFormats runs every hand-on format through scan: the
// defender formats hold the third-party and parked names and never the
// brand, the owned names or the portfolio; the options reach each writer.
func TestScanHandOnFormats(t *testing.T) {
	s := verdictWorld(t)
	dir := t.TempDir()
	handOnScan(t, s, dir)
	blocked := []string{"airfrnce.fr", "irfrance.fr"}               // parked, third-party
	never := []string{"airfrance.fr", "arfrance.fr", "airfance.fr"} // brand, owned, portfolio

	t.Run("blocklist", func(t *testing.T) {
		if got := readFile(t, filepath.Join(dir, "block.txt")); got != strings.Join(blocked, "\n")+"\n" {
			t.Errorf("blocklist = %q, want %q", got, blocked)
		}
	})
	t.Run("rpz", func(t *testing.T) {
		z := readFile(t, filepath.Join(dir, "zone.rpz"))
		if !strings.Contains(z, "$ORIGIN block.airfrance.invalid.\n") || !strings.Contains(z, "Air France CERT") {
			t.Errorf("--rpz-zone or --org not in the zone:\n%s", z)
		}
		for _, n := range blocked {
			if !strings.Contains(z, "\n"+n+"\tCNAME\t.\n") || !strings.Contains(z, "\n*."+n+"\tCNAME\t.\n") {
				t.Errorf("%s not blocked:\n%s", n, z)
			}
		}
		for _, n := range never {
			if strings.Contains(z, "\n"+n+"\t") {
				t.Errorf("%s blocked:\n%s", n, z)
			}
		}
	})
	t.Run("stix", func(t *testing.T) {
		var b struct {
			Type    string `json:"type"`
			Objects []struct {
				Type    string `json:"type"`
				Name    string `json:"name"`
				Pattern string `json:"pattern"`
			} `json:"objects"`
		}
		raw := readFile(t, filepath.Join(dir, "bundle.json"))
		if err := json.Unmarshal([]byte(raw), &b); err != nil || b.Type != "bundle" {
			t.Fatalf("not a bundle (%v):\n%s", err, raw)
		}
		var patterns []string
		var identity, tlp string
		for _, o := range b.Objects {
			switch o.Type {
			case "indicator":
				patterns = append(patterns, o.Pattern)
			case "identity":
				identity = o.Name
			case "marking-definition":
				tlp = o.Name
			}
		}
		want := []string{"[domain-name:value = 'airfrnce.fr']", "[domain-name:value = 'irfrance.fr']"}
		slices.Sort(patterns)
		if !slices.Equal(patterns, want) || identity != "Air France CERT" || tlp != "TLP:RED" {
			t.Errorf("indicators %q identity %q marking %q, want %q, Air France CERT, TLP:RED", patterns, identity, tlp, want)
		}
	})
	t.Run("misp", func(t *testing.T) {
		var ev struct {
			Event struct {
				Orgc      struct{ Name string }
				Tag       []struct{ Name string }
				Attribute []struct {
					Type  string `json:"type"`
					Value string `json:"value"`
				}
			}
		}
		raw := readFile(t, filepath.Join(dir, "event.json"))
		if err := json.Unmarshal([]byte(raw), &ev); err != nil {
			t.Fatalf("not JSON (%v):\n%s", err, raw)
		}
		var values []string
		for _, a := range ev.Event.Attribute {
			if a.Type == "domain" {
				values = append(values, a.Value)
			}
		}
		slices.Sort(values)
		tagged := slices.ContainsFunc(ev.Event.Tag, func(x struct{ Name string }) bool { return x.Name == "tlp:red" })
		if !slices.Equal(values, blocked) || ev.Event.Orgc.Name != "Air France CERT" || !tagged {
			t.Errorf("misp domains %q, org %q, tags %v:\n%s", values, ev.Event.Orgc.Name, ev.Event.Tag, raw)
		}
	})
	t.Run("html", func(t *testing.T) {
		h := readFile(t, filepath.Join(dir, "report.html"))
		for _, want := range []string{"Content-Security-Policy", `id="third-party"`, "irfrance.fr", `id="owned"`, "arfrance.fr", "Generated"} {
			if !strings.Contains(h, want) {
				t.Errorf("html report lacks %q", want)
			}
		}
		if strings.Contains(h, `id="history"`) {
			t.Error("a report without --state shows a history")
		}
	})
	t.Run("jsonl beside them", func(t *testing.T) {
		rows := parseJSONL(t, readFile(t, filepath.Join(dir, "all.jsonl")))
		if rows["arfrance.fr"]["verdict"] != "owned" || rows["airfrane.fr"]["verdict"] != "defend" {
			t.Errorf("jsonl output changed by the hand-on options: %v", rows["arfrance.fr"])
		}
	})
}

// TestScanHTMLHistory: with --state the report shows the changes of the run
// and a chart of the complete runs, this one included.
func TestScanHTMLHistory(t *testing.T) {
	s := verdictWorld(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	handOnScan(t, s, dir, "--state", state)
	first := readFile(t, filepath.Join(dir, "report.html"))
	if !strings.Contains(first, `id="history"`) || !strings.Contains(first, "No changes.") || !strings.Contains(first, "over the last 1 runs") {
		t.Errorf("first run: history section missing or wrong")
	}
	register(s, "airfrane.fr", true)
	handOnScan(t, s, dir, "--state", state)
	h := readFile(t, filepath.Join(dir, "report.html"))
	i := strings.Index(h, `id="history"`)
	if i < 0 {
		t.Fatal("no history section")
	}
	hist := h[i:]
	if !strings.Contains(hist, "<td>newly-registered</td><td class=\"name\">airfrane.fr") || !strings.Contains(hist, "over the last 2 runs") {
		t.Errorf("second run: the change or the chart of 2 runs is missing:\n%s", hist[:min(len(hist), 3000)])
	}
	if b := readFile(t, filepath.Join(dir, "block.txt")); !strings.Contains(b, "airfrane.fr\n") {
		t.Errorf("newly registered name not in the blocklist: %q", b)
	}
}

// TestHandOnFlagsRefused: a bad --verdict, --tlp or --rpz-zone is refused
// with exit status 2 before anything is resolved, from the command line and
// from --config alike; the hand-on formats belong to scan.
func TestHandOnFlagsRefused(t *testing.T) {
	dir := t.TempDir()
	conf := func(body string) string {
		p := filepath.Join(dir, strings.NewReplacer(" ", "_", ":", "_").Replace(body)+".yaml")
		os.WriteFile(p, []byte(body+"\n"), 0o644)
		return p
	}
	// No resolver answers on this address: a run that got past the flags
	// would fail with another status and another message.
	base := []string{"scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", "127.0.0.1:9", "--timeout", "50ms"}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"owned", []string{"--verdict", "third-party,owned"}, "owned names are the brand's own"},
		{"unknown verdict", []string{"--verdict", "phishy"}, `unknown verdict "phishy"`},
		{"empty entry", []string{"--verdict", "parked,,defend"}, "empty entry"},
		{"owned from config", []string{"--config", conf("verdict: [parked, owned]")}, "owned names are the brand's own"},
		{"bad tlp", []string{"--tlp", "purple"}, `TLP "purple"`},
		{"bad tlp from config", []string{"--config", conf("tlp: purple")}, `TLP "purple"`},
		{"bad zone", []string{"--rpz-zone", "not a zone"}, "is not a domain name"},
		{"changes-only", []string{"--state", filepath.Join(dir, "s.db"), "--changes-only", "--format", "blocklist"}, "drop --changes-only"},
		{"generate has no html", []string{"generate", "airfrance.fr", "--format", "html"}, "this command writes table, csv, json, jsonl, list\n"},
		{"history has no rpz", []string{"history", "--state", filepath.Join(dir, "s.db"), "--format", "rpz"}, "this command writes table, csv, json, jsonl, list\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(slices.Clone(base), tt.args...)
			if tt.args[0] == "generate" || tt.args[0] == "history" {
				args = tt.args
			}
			code, out, errs := runCLI(t, false, args...)
			if code != exitUsage || !strings.Contains(errs, tt.want) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out, errs, tt.want)
			}
		})
	}
}

// TestScanVerdictFilter: --verdict chooses what the defender formats hold,
// and owned names stay out whatever is asked.
func TestScanVerdictFilter(t *testing.T) {
	s := verdictWorld(t)
	code, out, errs := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--format", "blocklist", "--verdict", "unknown,parked")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out != "airfrnce.fr\nairrance.fr\n" {
		t.Errorf("--verdict unknown,parked blocklist = %q, want the parked and the unknown name", out)
	}
}

// TestDiffHTML: diff's html page is the changes between the runs and the
// chart of the runs; diff offers no defender format.
func TestDiffHTML(t *testing.T) {
	s := verdictWorld(t)
	state := filepath.Join(t.TempDir(), "state.db")
	if code, _, errs := runCLI(t, false, cronArgs(s, state)...); code != 0 {
		t.Fatalf("baseline: exit %d: %s", code, errs)
	}
	register(s, "airfrane.fr", true)
	if code, _, errs := runCLI(t, false, cronArgs(s, state)...); code != exitChanges {
		t.Fatalf("second run: exit %d: %s", code, errs)
	}
	code, out, errs := runCLI(t, false, "diff", "--state", state, "--format", "html")
	if code != 0 {
		t.Fatalf("diff: exit %d: %s", code, errs)
	}
	i := strings.Index(out, `id="history"`)
	if i < 0 || !strings.Contains(out[i:], "<td>newly-registered</td><td class=\"name\">airfrane.fr") || !strings.Contains(out, "over the last 2 runs") {
		t.Errorf("diff --format html lacks the change or the chart:\n%s", out[max(0, i):min(len(out), max(0, i)+2000)])
	}
	if code, _, errs := runCLI(t, false, "diff", "--state", state, "--format", "rpz"); code != exitUsage || !strings.Contains(errs, "this command writes table, csv, json, jsonl, list, html\n") {
		t.Errorf("diff --format rpz: exit %d, %s", code, errs)
	}
}

// TestHandOnOptionsProtect: the defender formats are told to protect the
// brands and every portfolio name, and are stamped with the scan's clock.
func TestHandOnOptionsProtect(t *testing.T) {
	b, err := permute.ParseBrand("airfrance.fr")
	if err != nil {
		t.Fatal(err)
	}
	h := new(handOnFlags)
	s := &scanCmd{budget: 7, out: outFlags{handOn: h}}
	o := &scan.Options{Brands: []permute.Brand{b}, Portfolio: map[string]bool{"af-klm.com": true, "airfrance-defence.fr": true}}
	if err := s.prepareHandOn(o); err != nil {
		t.Fatal(err)
	}
	got := h.options(report.TableOptions{})
	if want := []string{"airfrance.fr", "af-klm.com", "airfrance-defence.fr"}; !slices.Equal(got.Export.Protect, want) {
		t.Errorf("Protect = %q, want %q", got.Export.Protect, want)
	}
	if o.Now.IsZero() || !got.Export.Now.Equal(o.Now) || !got.HTML.Generated.Equal(o.Now) || got.HTML.Budget != 7 || got.HTML.History != nil {
		t.Errorf("stamp %v / %v, scan clock %v, budget %d, history %v", got.Export.Now, got.HTML.Generated, o.Now, got.HTML.Budget, got.HTML.History)
	}
}
