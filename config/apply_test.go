package config

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

// allFlags declares the flags of `lookalike scan` as the CLI does (names and
// kinds), so that every binding has its flag.
func allFlags() *pflag.FlagSet {
	fs := pflag.NewFlagSet("scan", pflag.ContinueOnError)
	fs.String("brands", "", "")
	fs.String("fuzzers", "", "")
	fs.StringSlice("keywords", nil, "")
	fs.Bool("no-default-keywords", false, "")
	fs.String("tlds", "", "")
	fs.String("dictionary", "", "")
	fs.String("layouts", "", "")
	fs.Bool("keyword-pairs", false, "")
	fs.Bool("keywords-all-tlds", false, "")
	fs.String("candidates", "", "")
	fs.String("portfolio", "", "")
	fs.StringSlice("owner-ns", nil, "")
	fs.StringSlice("owner-mx", nil, "")
	fs.String("resolvers", "", "")
	fs.Float64("rate", 0, "")
	fs.Int("concurrency", 256, "")
	fs.Duration("timeout", 2*time.Second, "")
	fs.Int("retries", 2, "")
	fs.Bool("rdap", false, "")
	fs.String("rdap-bootstrap", "", "")
	fs.String("rdap-rate", "", "")
	fs.Int("rdap-min-risk", 70, "")
	fs.String("records-via", "", "")
	fs.Bool("explain", false, "")
	fs.String("state", "", "")
	fs.Lookup("state").NoOptDefVal = "default"
	fs.Bool("changes-only", false, "")
	fs.String("format", "", "")
	fs.String("status", "", "")
	fs.Int("top", 0, "")
	fs.String("registrar-csv", "", "")
	fs.Bool("no-progress", false, "")
	fs.String("notify-webhook", "", "")
	fs.StringSlice("notify-email", nil, "")
	return fs
}

func TestApply(t *testing.T) {
	c, err := Parse([]byte(`
brands: [a.fr]
keywords: [en, fr]
tlds: [com, net]
rate: 50.5
concurrency: 64
timeout: 5s
retries: 0
rdap: true
owner_ns: [ns1.a.fr, "ns2.a.fr"]
state: /var/lib/lookalike/state.db
portfolio: own.txt
top:
notify:
  webhook: https://hooks.example.net/x
  email:
    smtp: 127.0.0.1:25
    from: a@example.net
    to: [b@example.net, c@example.net]
`), "nightly.yaml", allFlags())
	if err != nil {
		t.Fatal(err)
	}
	fs := allFlags()
	fs.Lookup("portfolio").Hidden = true
	if err := fs.Parse([]string{"--rate", "9", "--keywords", "de", "--no-progress"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(fs); err != nil {
		t.Fatal(err)
	}
	get := func(name string) string { return fs.Lookup(name).Value.String() }
	slice := func(name string) []string {
		v, _ := fs.GetStringSlice(name)
		return v
	}
	tests := []struct {
		flag, want string
		changed    bool
	}{
		{"rate", "9", true},           // the command line wins
		{"no-progress", "true", true}, // command line only
		{"tlds", "com,net", true},     // a list into a string flag
		{"concurrency", "64", true},   // from the file
		{"timeout", "5s", true},       //
		{"retries", "0", true},        // a zero from the file is a value
		{"rdap", "true", true},        //
		{"state", "/var/lib/lookalike/state.db", true},
		{"portfolio", "own.txt", true},
		{"notify-webhook", "https://hooks.example.net/x", true},
		{"top", "0", false},    // null in the file: untouched
		{"fuzzers", "", false}, // absent from the file
	}
	for _, tt := range tests {
		t.Run(tt.flag, func(t *testing.T) {
			if got := get(tt.flag); got != tt.want {
				t.Errorf("--%s = %q, want %q", tt.flag, got, tt.want)
			}
			if got := fs.Changed(tt.flag); got != tt.changed {
				t.Errorf("--%s changed = %v, want %v", tt.flag, got, tt.changed)
			}
		})
	}
	for flag, want := range map[string][]string{
		"keywords":     {"de"},
		"owner-ns":     {"ns1.a.fr", "ns2.a.fr"},
		"notify-email": {"b@example.net", "c@example.net"},
	} {
		if got := slice(flag); !slices.Equal(got, want) {
			t.Errorf("--%s = %q, want %q", flag, got, want)
		}
		if !fs.Changed(flag) {
			t.Errorf("--%s does not read as changed", flag)
		}
	}
}

func TestApplyErrorNamesKeyAndLine(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.Int("rate", 0, "") // a flag that takes whole numbers only
	c, err := Parse([]byte("brands: [a.fr]\nrate: 0.5\n"), "c.yaml", fs)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Apply(fs)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:2: rate") || !strings.Contains(err.Error(), "--rate") {
		t.Errorf("err = %v, want it to name c.yaml:2, the key and the flag", err)
	}
}

func TestKeys(t *testing.T) {
	fs := allFlags()
	keys := Keys(fs)
	tests := []struct{ flag, key string }{
		{"no-progress", "no_progress"},
		{"brands", "brands_file"},
		{"notify-webhook", "notify.webhook"},
		{"notify-email", "notify.email.to"},
		{"config", ""},
		{"output", ""},
	}
	for _, tt := range tests {
		if got := KeyOf(tt.flag); got != tt.key {
			t.Errorf("KeyOf(%q) = %q, want %q", tt.flag, got, tt.key)
		}
	}
	fs.VisitAll(func(f *pflag.Flag) {
		if k := KeyOf(f.Name); k != "" && !slices.Contains(keys, k) {
			t.Errorf("--%s has no key", f.Name)
		}
	})
	if !slices.IsSorted(keys) || len(slices.Compact(slices.Clone(keys))) != len(keys) {
		t.Errorf("keys not sorted and unique: %v", keys)
	}
}
