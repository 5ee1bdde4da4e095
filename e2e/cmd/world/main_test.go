package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/e2e/world"
)

// testManifest writes the default world's manifest as `world up` would.
func testManifest(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries := []world.Entry{ // sorted, as a world writes them
		{Domain: "acmbank.com"},
		{Domain: "acmebamk.com", Registered: true, Kind: world.Lame},
		{Domain: "acmebank-login.ws", Wildcard: true},
		{Domain: "acmebank.com", Registered: true, Kind: world.BrandKind},
		{Domain: "acmebnk.com", Registered: true, Kind: world.AMX},
	}
	m := world.Manifest{Entries: entries, WildcardTLDs: []string{"ws"}}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCheck(t *testing.T) {
	dir := testManifest(t)
	for _, tc := range []struct {
		name, format, in, want string
	}{
		{"lookalike all right", "lookalike",
			`{"domain":"acmebamk.com","status":"registered"}
{"domain":"acmebnk.com","status":"registered"}
{"domain":"acmbank.com","status":"unregistered"}
{"domain":"acmebank-login.ws","status":"unknown"}
`, "names=4 registered=2 found=2 wrongly_unregistered=0 unknown=1 wrongly_registered=0 wildcard=1"},
		{"lookalike lame missed", "lookalike",
			`{"domain":"acmebamk.com","status":"unregistered"}
{"domain":"www.acmebnk.com","status":"unregistered"}
{"domain":"acmbank.com","status":"registered"}
`, "names=3 registered=2 found=0 wrongly_unregistered=2 unknown=0 wrongly_registered=1 wildcard=0"},
		{"dnstwist", "dnstwist",
			`[{"fuzzer":"*original","domain":"acmebank.com","dns_a":["127.53.1.80"]},
{"fuzzer":"replacement","domain":"acmebamk.com"},
{"fuzzer":"omission","domain":"acmebnk.com","dns_ns":["!ServFail"]},
{"fuzzer":"omission","domain":"acmbank.com"}]`,
			"names=3 registered=2 found=1 wrongly_unregistered=1 unknown=0 wrongly_registered=0 wildcard=0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := filepath.Join(t.TempDir(), "results")
			if err := os.WriteFile(in, []byte(tc.in), 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errOut bytes.Buffer
			if err := run([]string{"check", "--dir", dir, "--format", tc.format, in}, &out, &errOut); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(out.String()); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestSpecCommand(t *testing.T) {
	cands := filepath.Join(t.TempDir(), "cands")
	var names []string
	for _, l := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		for _, tld := range []string{"com", "net", "fr", "co.uk"} {
			names = append(names, "acme"+l+"bank."+tld)
		}
	}
	names = append(names, "login.acmeabank.com", "acmebank.com", "# comment", "")
	if err := os.WriteFile(cands, []byte(strings.Join(names, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	gen := func() []byte {
		var out, errOut bytes.Buffer
		if err := run([]string{"spec", "--brands", "acmebank.com", "--candidates", cands, "--registered", "0.5", "--lame", "2", "--silent", "1"}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	first := gen()
	if !bytes.Equal(first, gen()) {
		t.Fatal("the same input gave two different specs")
	}
	s, err := world.ParseSpec(first)
	if err != nil {
		t.Fatalf("spec does not parse back: %v", err)
	}
	if got := len(s.Registered) + len(s.Unregistered); got != 40 {
		t.Errorf("%d names in the spec, want the 40 registrable candidates", got)
	}
	if len(s.Registered) < 10 || len(s.Registered) > 30 {
		t.Errorf("%d of 40 registered, want about half", len(s.Registered))
	}
	kinds := map[world.Kind]int{}
	for _, n := range s.Registered {
		kinds[n.Kind]++
	}
	if kinds[world.Lame] != 2 || kinds[world.Silent] != 1 || kinds[world.AMX] == 0 {
		t.Errorf("kinds %v: want 2 lame, 1 silent and the others in rotation", kinds)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"nope"},
		{"up"},
		{"names", "--dir"},
		{"check", "--dir", "x"},
		{"spec", "--brands", "a.com"},
		{"down", "extra"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if err := run(args, &bytes.Buffer{}, &bytes.Buffer{}); !errors.Is(err, errUsage) {
				t.Errorf("run(%q) = %v, want a usage error", args, err)
			}
		})
	}
}

// Whatever a results file holds, reading it never panics and every verdict
// it yields has a domain and one of the three statuses.
func FuzzReadResults(f *testing.F) {
	f.Add(`{"domain":"a.com","status":"registered"}`, false)
	f.Add(`[{"domain":"a.com","dns_ns":["x"]},{"domain":"b.com"}]`, true)
	f.Add(`{"domain":"","status":"weird"}`, false)
	f.Fuzz(func(t *testing.T, in string, dnstwist bool) {
		read := readLookalike
		if dnstwist {
			read = readDnstwist
		}
		_ = read(strings.NewReader(in), func(v verdict) error {
			if v.domain == "" {
				t.Fatalf("verdict without a domain from %q", in)
			}
			switch v.status {
			case "registered", "unregistered", "unknown":
			default:
				t.Fatalf("status %q from %q", v.status, in)
			}
			return nil
		})
	})
}
