//go:build e2e

package e2e

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/e2e/world"
)

// matchResult is one JSONL line of `lookalike match --resolve`: scan's
// fields (README, "Output fields").
type matchResult struct {
	Domain  string   `json:"domain"`
	Brand   string   `json:"brand"`
	Fuzzer  string   `json:"fuzzer"`
	Status  string   `json:"status"`
	Reason  string   `json:"reason"`
	Verdict string   `json:"verdict"`
	NS      []string `json:"ns"`
}

// benignNames are in no feed's interest: match must not hand them to the
// resolver.
var benignNames = []string{"weather.com", "pineapple.com", "grapple.net", "example.org"}

// match --resolve over a feed of the shared world's names (and benign
// ones) gives each lookalike the status the world's zones give it, through
// unbound recursing from the root; a second night with the same feed is no
// change, as in scan's history.
func TestMatchResolveShared(t *testing.T) {
	w := world.Shared(t)
	m := w.Manifest()
	feed := append(slices.Clone(m.Domains()), benignNames...)
	feed = append(feed, "not a name")
	list := writeNames(t, feed)
	var brands []string
	for _, e := range m.Entries {
		if e.Kind == world.BrandKind {
			brands = append(brands, e.Domain)
		}
	}
	state := filepath.Join(t.TempDir(), "state.db")
	night := func(t *testing.T) (cliRun, map[string]matchResult) {
		t.Helper()
		r := lookalike(t, nil, append(append([]string{"match"}, brands...), "--list", list, "--resolve", "--resolvers", w.Unbound(),
			"--state", state, "--format", "jsonl", "--no-progress")...)
		by := map[string]matchResult{}
		for _, res := range jsonLines[matchResult](t, r.stdout) {
			if _, dup := by[res.Domain]; dup {
				t.Errorf("%s reported twice", res.Domain)
			}
			by[res.Domain] = res
		}
		return r, by
	}

	r, by := night(t)
	// The junk line makes exit 2, after everything was written and kept.
	if r.exit != 2 || !strings.Contains(r.stderr, list+":"+strconv.Itoa(len(feed))+":") {
		t.Fatalf("first night: exit %d, want 2 naming the junk line %d", r.exit, len(feed))
	}
	if !strings.Contains(r.stderr, "baseline recorded for "+strings.Join(brands, ", ")) {
		t.Errorf("first night records no baseline: %s", r.stderr)
	}
	if len(by) == 0 {
		t.Fatal("no lookalike of the brand matched in its own world")
	}
	for _, b := range benignNames {
		if _, ok := by[b]; ok {
			t.Errorf("benign %s was matched and resolved", b)
		}
	}
	for d, res := range by {
		if !slices.Contains(brands, res.Brand) || !strings.HasPrefix(res.Fuzzer, "match:") || res.Verdict == "" {
			t.Errorf("%s: brand %q fuzzer %q verdict %q, want one of %v, match:KIND and a verdict", d, res.Brand, res.Fuzzer, res.Verdict, brands)
		}
		checkStatus(t, m, result{Domain: res.Domain, Status: res.Status, Reason: res.Reason})
		if e, ok := m.Lookup(d); ok && res.Status == "registered" && !slices.Equal(sorted(res.NS), sorted(e.NS)) {
			t.Errorf("%s: NS %v, zones say %v", d, res.NS, e.NS)
		}
	}
	// Every lookalike of the world is found, the brands themselves never.
	for _, e := range m.Entries {
		_, found := by[e.Domain]
		if found == (e.Kind == world.BrandKind) {
			t.Errorf("%s (%s, registered %v): matched %v", e.Domain, e.Kind, e.Registered, found)
		}
	}

	r2, by2 := night(t)
	if r2.exit != 2 || !strings.Contains(r2.stderr, "0 change(s) since the last complete run") {
		t.Errorf("second night, world unchanged: exit %d, want 2 (the junk line) and no change: %s", r2.exit, r2.stderr)
	}
	if len(by2) != len(by) {
		t.Errorf("second night matched %d names, the first %d", len(by2), len(by))
	}
	h := lookalike(t, nil, "history", "--state", state, "--format", "jsonl")
	runs := jsonLines[historyRun](t, h.stdout)
	if h.exit != 0 || len(runs) != 2 || !runs[0].Complete || !runs[1].Complete || runs[1].Names != len(by) {
		t.Errorf("history: exit %d, runs %+v: want two complete runs of %d names", h.exit, runs, len(by))
	}
}

// A lookalike the feed showed unregistered one night and registered the
// next is a newly-registered change: exit 3, as a nightly scan.
func TestMatchResolveNewRegistration(t *testing.T) {
	before := world.Spec{
		Brands:       []string{verdictBrand},
		Registered:   []world.Name{{Domain: "acmebnk.com", Kind: world.AOnly}},
		Unregistered: []string{"acmebank-login.com"},
		TLDs:         []string{"com", "net", "org"},
	}
	w := world.ForTest(t, before)
	list := writeNames(t, []string{"acmebnk.com", "acmebank-login.com", "weather.com"})
	state := filepath.Join(t.TempDir(), "state.db")
	night := func(t *testing.T) cliRun {
		return lookalike(t, nil, "match", verdictBrand, "--list", list, "--resolve", "--resolvers", w.Unbound(),
			"--state", state, "--changes-only", "--format", "jsonl", "--no-progress")
	}
	if r := night(t); r.exit != 0 || len(jsonLines[change](t, r.stdout)) != 0 {
		t.Fatalf("first night: exit %d, stdout %s: want 0 and no change", r.exit, r.stdout)
	}
	after := w.Spec()
	after.Registered = append(after.Registered, world.Name{Domain: "acmebank-login.com", Kind: world.MXOnly})
	after.Unregistered = nil
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := w.Apply(ctx, after); err != nil {
		t.Fatal(err)
	}
	r := night(t)
	if r.exit != 3 {
		t.Errorf("second night: exit %d, want 3 (a new third-party registration)", r.exit)
	}
	checkChanges(t, jsonLines[change](t, r.stdout), []wantChange{
		{"acmebank-login.com", "newly-registered", []string{"registered"}, []string{"mail.acmebank-login.com"}},
	}, 2, 1)
}
