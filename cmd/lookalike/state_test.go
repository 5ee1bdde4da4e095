package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
)

// Issue 10: a notification that failed is kept in the state; lookalike
// notify delivers it by hand, and once delivered it is not sent again.
func TestNotifyCommandDeliversWhatWasOwed(t *testing.T) {
	s := verdictWorld(t)
	state := filepath.Join(t.TempDir(), "state.db")
	h := &hook{}
	url := h.server(t).URL
	if code, _, errs := runCLI(t, false, cronArgs(s, state)...); code != 0 {
		t.Fatalf("baseline: exit %d: %s", code, errs)
	}
	register(s, "airfrane.fr", true)
	h.fail = true
	if code, _, errs := runCLI(t, false, cronArgs(s, state, "--notify-webhook", url)...); code != exitFailure || !strings.Contains(errs, "notification failed") {
		t.Fatalf("failing webhook: exit %d, want 1: %s", code, errs)
	}
	h.fail = false
	code, _, errs := runCLI(t, false, "notify", "--state", state, "--notify-webhook", url)
	if code != 0 || !strings.Contains(errs, "delivered 1 notification") {
		t.Fatalf("notify: exit %d: %s", code, errs)
	}
	last := h.posts[len(h.posts)-1]
	if !strings.Contains(last["text"].(string), "airfrane.fr") {
		t.Errorf("delivered %v, want the kept change of airfrane.fr", last)
	}
	if code, _, errs := runCLI(t, false, "notify", "--state", state, "--notify-webhook", url); code != 0 || !strings.Contains(errs, "delivered 0") {
		t.Errorf("second notify: exit %d: %s; a delivered notification is not sent twice", code, errs)
	}
	if code, _, _ := runCLI(t, false, "notify", "--state", state); code != exitUsage {
		t.Errorf("notify without a target: exit %d, want 2", code)
	}
}

// Issue 15: shards of one named run share the state; the one that completes
// the run reports the changes; a bad --shard is exit 2.
func TestScanShards(t *testing.T) {
	s := verdictWorld(t)
	state := filepath.Join(t.TempDir(), "state.db")
	completed := 0
	names := 0
	for _, sh := range []string{"0/2", "1/2"} {
		code, out, errs := runCLI(t, false, cronArgs(s, state, "--shard", sh, "--run", "night-1")...)
		if code != 0 {
			t.Fatalf("shard %s: exit %d: %s", sh, code, errs)
		}
		names += len(parseJSONL(t, out))
		if strings.Contains(errs, "change(s) since the last complete run") {
			completed++
		}
	}
	_, whole, _ := runCLI(t, false, cronArgs(s, filepath.Join(t.TempDir(), "other.db"))...)
	if names != len(parseJSONL(t, whole)) || completed != 1 {
		t.Errorf("two shards scanned %d names (one run %d), %d completed the run; want all names once and one completion", names, len(parseJSONL(t, whole)), completed)
	}
	for _, bad := range []string{"2/2", "x/3", "1"} {
		if code, _, _ := runCLI(t, false, cronArgs(s, state, "--shard", bad)...); code != exitUsage {
			t.Errorf("--shard %s: exit %d, want 2", bad, code)
		}
	}
}

// history and diff read a state they cannot write; LOOKALIKE_STATE stands
// for --state; --prune keeps the latest complete run.
func TestStateReadOnlyEnvAndPrune(t *testing.T) {
	s := verdictWorld(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.db")
	if code, _, errs := runCLI(t, false, cronArgs(s, state)...); code != 0 {
		t.Fatalf("scan: exit %d: %s", code, errs)
	}
	os.Chmod(state, 0o444)
	defer os.Chmod(state, 0o644)
	t.Setenv("LOOKALIKE_STATE", state)
	code, out, errs := runCLI(t, false, "history", "--format", "jsonl")
	if code != 0 || !strings.Contains(out, `"complete":true`) {
		t.Errorf("history of a read-only state from $LOOKALIKE_STATE: exit %d, %s %s", code, out, errs)
	}
	os.Chmod(state, 0o644)
	code, _, errs = runCLI(t, false, "history", "--state", state, "--prune", "0d")
	if code != 0 || !strings.Contains(errs, "pruned 0 run(s)") {
		t.Errorf("prune: exit %d: %s (the only complete run stays)", code, errs)
	}
	if code, _, _ := runCLI(t, false, "history", "--state", state, "--prune", "soon"); code != exitUsage {
		t.Errorf("--prune soon: exit %d, want 2", code)
	}
}

// Issue 16: with several resolvers the summary says how each fared, and a
// resolver that refuses everything does not turn names into unknowns.
func TestScanPoolSummary(t *testing.T) {
	s := scanWorld(t)
	refusing := dnstest.New(t)
	refusing.SetDefault(dnstest.Rule{Kind: dnstest.Refused})
	args := scanArgs(s, "--resolver-rate", "5000")
	for i, a := range args {
		if a == s.Addr() {
			args[i] = s.Addr() + "," + refusing.Addr()
		}
	}
	code, out, errs := runCLI(t, false, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n := strings.Count(errs, "lookalike: resolver "); n != 2 {
		t.Errorf("%d resolver lines in the summary, want 2:\n%s", n, errs)
	}
	rows := parseJSONL(t, out)
	if rows["airfrnce.fr"]["status"] != "registered" || rows["airfrane.fr"]["status"] != "unregistered" {
		t.Errorf("statuses through a pool with a refusing resolver: %v %v", rows["airfrnce.fr"]["status"], rows["airfrane.fr"]["status"])
	}
}

// --cross-check asks a second resolver about each NXDOMAIN: a resolver that
// says NXDOMAIN for a name another has is overruled by the registry.
func TestScanCrossCheck(t *testing.T) {
	s := scanWorld(t)
	other := dnstest.New(t)
	// The second resolver has airfrane.fr; the registry agrees with it.
	delegate(other, "airfrane.fr", "ns1.thirdparty.example")
	if a, ok := registries.Load(s); ok {
		a.(*dnstest.Server).Handle("airfrane.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("airfrane.fr", "ns1.thirdparty.example")})
	}
	for _, sfx := range []string{"fr", "com"} {
		host := "ns1.nic." + sfx
		other.Handle(sfx, dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS(sfx, host)})
		other.Handle(host, dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A(host, "127.0.0.1")}})
	}
	delegate(other, "airfrance.fr", "ns1.airfrance.fr")
	args := scanArgs(s, "--cross-check")
	for i, a := range args {
		if a == s.Addr() {
			args[i] = s.Addr() + "," + other.Addr()
		}
	}
	code, out, errs := runCLI(t, false, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if got := parseJSONL(t, out)["airfrane.fr"]; got["status"] == "unregistered" {
		t.Errorf("airfrane.fr: %v/%v: a name one resolver has and the registry delegates is never unregistered", got["status"], got["reason"])
	}
}
