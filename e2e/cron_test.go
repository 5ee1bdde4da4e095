//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/e2e/world"
)

// change is one record of `scan --changes-only` and `diff` (README, "Running
// nightly").
type change struct {
	Brand     string   `json:"brand"`
	Domain    string   `json:"domain"`
	Kind      string   `json:"kind"`
	Field     string   `json:"field"`
	Before    []string `json:"before"`
	After     []string `json:"after"`
	Verdict   string   `json:"verdict"`
	Mail      bool     `json:"mail"`
	MX        []string `json:"mx"`
	Run       int      `json:"run"`
	BeforeRun int      `json:"before_run"`
}

func (c change) String() string {
	return fmt.Sprintf("%s %s %s: %v → %v (%s, mail %v, mx %v, run %d since %d)",
		c.Brand, c.Kind, c.Domain, c.Before, c.After, c.Verdict, c.Mail, c.MX, c.Run, c.BeforeRun)
}

// historyRun is one record of `lookalike history`.
type historyRun struct {
	Run          int      `json:"run"`
	Complete     bool     `json:"complete"`
	Brands       []string `json:"brands"`
	Names        int      `json:"names"`
	Registered   int      `json:"registered"`
	Unregistered int      `json:"unregistered"`
	Unknown      int      `json:"unknown"`
}

// wantChange is a change the test expects, by the fields that identify it.
type wantChange struct {
	domain, kind string
	after        []string // the field's value after the change
	mx           []string // the name's MX after the change
}

// checkChanges holds the change records to want exactly (no more, no less),
// all of one run compared with one earlier run.
func checkChanges(t *testing.T, got []change, want []wantChange, run, beforeRun int) {
	t.Helper()
	key := func(d, k string) string { return d + " " + k }
	wantBy := map[string]wantChange{}
	for _, w := range want {
		wantBy[key(w.domain, w.kind)] = w
	}
	seen := map[string]bool{}
	for _, c := range got {
		k := key(c.Domain, c.Kind)
		w, ok := wantBy[k]
		if !ok {
			t.Errorf("unexpected change: %s", c)
			continue
		}
		if seen[k] {
			t.Errorf("change reported twice: %s", c)
		}
		seen[k] = true
		if c.Brand != verdictBrand || c.Verdict != "third-party" || !c.Mail {
			t.Errorf("%s: want brand %s, verdict third-party, mail true", c, verdictBrand)
		}
		if !slices.Equal(c.After, w.after) || !slices.Equal(c.MX, w.mx) {
			t.Errorf("%s: want after %v and mx %v", c, w.after, w.mx)
		}
		if c.Run != run || c.BeforeRun != beforeRun {
			t.Errorf("%s: want run %d since run %d", c, run, beforeRun)
		}
	}
	for k := range wantBy {
		if !seen[k] {
			t.Errorf("missing change: %s", k)
		}
	}
}

// Issue 5, "Done when" (e2e part): two scans with --state against the world,
// with new lookalikes registered (one with MX, one without) and a third-party
// name gaining MX between them. The second run exits 3 and lists exactly
// those changes; a third run with nothing changed exits 0 and lists none;
// history keeps three complete runs; diff --since 1 shows the registrations.
// Through unbound, which the world restarts with empty caches on each change,
// as a nightly job's resolver would see it.
func TestCron(t *testing.T) {
	before := world.Spec{
		Brands: []string{verdictBrand},
		Registered: []world.Name{
			{Domain: "acmebnk.com", Kind: world.AOnly},
			{Domain: "acnebank.com", Kind: world.NSOnly},
			{Domain: "acmebank.org", Kind: world.Parked},
		},
		Unregistered: []string{"acmebank-login.com", "acmebank-mail.com"},
		TLDs:         []string{"com", "net", "org"},
	}
	w := world.ForTest(t, before)
	state := filepath.Join(t.TempDir(), "state.db")
	nightly := func(t *testing.T) (cliRun, []change) {
		t.Helper()
		r := lookalike(t, nil, "scan", verdictBrand, "--resolvers", w.Unbound(), "--state", state,
			"--changes-only", "--format", "jsonl", "--no-progress")
		return r, jsonLines[change](t, r.stdout)
	}

	r, changes := nightly(t)
	if r.exit != 0 || len(changes) != 0 {
		t.Fatalf("first run (the baseline): exit %d with %d changes %v, want exit 0 and none", r.exit, len(changes), changes)
	}

	after := w.Spec()
	after.Registered = []world.Name{
		{Domain: "acmebnk.com", Kind: world.AMX}, // gains MX
		{Domain: "acnebank.com", Kind: world.NSOnly},
		{Domain: "acmebank.org", Kind: world.Parked},
		{Domain: "acmebank-login.com", Kind: world.MXOnly}, // registered, with MX
		{Domain: "acmebank-mail.com", Kind: world.AOnly},   // registered, without MX
	}
	after.Unregistered = nil
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := w.Apply(ctx, after); err != nil {
		t.Fatal(err)
	}
	registrations := []wantChange{
		{"acmebank-login.com", "newly-registered", []string{"registered"}, []string{"mail.acmebank-login.com"}},
		{"acmebank-mail.com", "newly-registered", []string{"registered"}, nil},
	}
	gainedMX := wantChange{"acmebnk.com", "gained-mx", []string{"mail.acmebnk.com"}, []string{"mail.acmebnk.com"}}

	r, changes = nightly(t)
	if r.exit != 3 {
		t.Errorf("second run: exit %d, want 3 (new third-party registrations)", r.exit)
	}
	checkChanges(t, changes, append(slices.Clone(registrations), gainedMX), 2, 1)

	r, changes = nightly(t)
	if r.exit != 0 || len(changes) != 0 {
		t.Errorf("third run, zones unchanged: exit %d with changes %v, want exit 0 and none", r.exit, changes)
	}

	h := lookalike(t, nil, "history", "--state", state, "--format", "jsonl")
	if h.exit != 0 {
		t.Fatalf("history: exit %d, want 0", h.exit)
	}
	runs := jsonLines[historyRun](t, h.stdout)
	wantRegistered := []int{len(before.Registered), len(after.Registered), len(after.Registered)}
	if len(runs) != 3 {
		t.Fatalf("history lists %d runs, want 3: %+v", len(runs), runs)
	}
	for i, run := range runs {
		if run.Run != i+1 || !run.Complete || !slices.Equal(run.Brands, []string{verdictBrand}) ||
			run.Registered != wantRegistered[i] || run.Unknown != 0 || run.Registered+run.Unregistered != run.Names || run.Names != runs[0].Names {
			t.Errorf("history run %d: %+v; want run %d, complete, brand %s, %d registered, none unknown, the same %d names",
				i+1, run, i+1, verdictBrand, wantRegistered[i], runs[0].Names)
		}
	}

	d := lookalike(t, nil, "diff", "--state", state, "--since", "1", "--format", "jsonl")
	if d.exit != 0 {
		t.Errorf("diff --since 1: exit %d, want 0", d.exit)
	}
	checkChanges(t, jsonLines[change](t, d.stdout), append(slices.Clone(registrations), gainedMX), 3, 1)
	if t.Failed() {
		t.Logf("diff output:\n%s", strings.TrimSpace(string(d.stdout)))
	}
}
