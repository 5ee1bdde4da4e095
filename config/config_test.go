package config

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestExampleLoadsAndDocumentsEveryKey(t *testing.T) {
	c, err := Load("example.yaml", allFlags())
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := c.Value("timeout"); !slices.Equal(v, []string{"2s"}) {
		t.Errorf("timeout = %q", v)
	}
	if v, _ := c.Value("rate"); !slices.Equal(v, []string{"500"}) {
		t.Errorf("rate = %q", v)
	}
	if v, _ := c.Value("tlds"); !slices.Equal(v, []string{"com", "net", "org", "fr", "eu"}) {
		t.Errorf("tlds = %q", v)
	}
	if !slices.Equal(c.Brands, List{"airfrance.fr", "airfrance.com"}) ||
		len(c.Outputs) != 2 || c.Outputs[1].Format != "csv" || c.Notify.Email == nil ||
		c.Notify.Email.PasswordEnv != "LOOKALIKE_SMTP_PASSWORD" {
		t.Errorf("example.yaml read as %+v", c)
	}
	if c.Has("fuzzers") {
		t.Error("a commented key reads as set")
	}
	for _, k := range Keys(allFlags()) {
		leaf := k[strings.LastIndex(k, ".")+1:]
		if !regexp.MustCompile(`(?m)^\s*(#\s*)?(- )?` + regexp.QuoteMeta(leaf) + `:`).MatchString(Example) {
			t.Errorf("example.yaml does not document key %s", k)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // every one must be in the message
	}{
		{"unknown key with a near one", "brands: [a.fr]\nrtae: 5\n", []string{"cfg.yaml:2:", `unknown key "rtae"`, `did you mean "rate"`}},
		{"unknown key far from any", "zzzzzzzzzz: 1\n", []string{"cfg.yaml:1:", `"zzzzzzzzzz"`, "known here:", "brands"}},
		{"unknown nested key", "notify:\n  email:\n    smtp: a:25\n    password: x\n", []string{"cfg.yaml:4:", `"notify.email.password"`, "password_env"}},
		{"unknown key in an output", "outputs:\n  - path: a.csv\n    fromat: csv\n", []string{"cfg.yaml:3:", `"outputs.fromat"`, `"outputs.format"`}},
		{"duplicate key", "rate: 1\nrate: 2\n", []string{"cfg.yaml:2:", "rate", "twice"}},
		{"key of a flag the command lacks", "depth: 2\n", []string{"cfg.yaml:1:", `unknown key "depth"`}},
		{"two outputs to one file", "outputs:\n  - path: a.csv\n  - path: ./a.csv\n", []string{"outputs", "both write"}},
		{"a mapping for a flag key", "rate: {x: 1}\n", []string{"cfg.yaml:1:", "rate"}},
		{"two documents", "rate: 1\n---\nrate: 2\n", []string{"more than one YAML document"}},
		{"not a mapping", "- a.fr\n- b.fr\n", []string{"cfg.yaml:1:", "mapping"}},
		{"bad syntax", "brands: [a.fr\n", []string{"cfg.yaml:"}},
		{"output without path", "outputs:\n  - format: csv\n", []string{"outputs", "no path"}},
		{"output with bad format", "outputs:\n  - path: a.x\n    format: xls\n", []string{"outputs", "xls"}},
		{"webhook not http", "notify:\n  webhook: ftp://secret-token@example.net/hook\n", []string{"notify.webhook", "http"}},
		{"smtp without port", "notify:\n  email:\n    smtp: mail.example.com\n    from: a@example.com\n    to: b@example.com\n", []string{"notify.email.smtp", "host:port"}},
		{"email without recipient", "notify:\n  email:\n    smtp: mail.example.com:25\n    from: a@example.com\n", []string{"notify.email.to"}},
		{"bad recipient", "notify:\n  email:\n    smtp: m.example.com:25\n    from: a@example.com\n    to: [not an address]\n", []string{"notify.email.to", "not an address"}},
		{"username without password_env", "notify:\n  email:\n    smtp: m.example.com:25\n    from: a@example.com\n    to: b@example.com\n    username: u\n", []string{"password_env"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "cfg.yaml", allFlags())
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret-token") {
				t.Errorf("error echoes the webhook URL: %v", err)
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		check func(t *testing.T, c *Config)
	}{
		{"empty file", "", func(t *testing.T, c *Config) {
			if len(Keys(allFlags())) == 0 || c.Has("brands") {
				t.Errorf("empty file set something: %+v", c)
			}
		}},
		{"only a comment", "# nothing\n", func(t *testing.T, c *Config) {}},
		{"null value is not set", "rate:\nbrands: ~\n", func(t *testing.T, c *Config) {
			if c.Has("rate") || c.Has("brands") {
				t.Error("a key without a value reads as set")
			}
		}},
		{"zero is set", "retries: 0\nrdap: false\n", func(t *testing.T, c *Config) {
			if !c.Has("retries") || !c.Has("rdap") {
				t.Error("a zero value reads as unset")
			}
		}},
		{"list as a comma string", "tlds: ' com , net,,org '\n", func(t *testing.T, c *Config) {
			if v, _ := c.Value("tlds"); !slices.Equal(v, []string{"com", "net", "org"}) {
				t.Errorf("tlds = %q", v)
			}
		}},
		{"list as a sequence", "resolvers:\n  - 127.0.0.1:53\n  - '[::1]:53'\n", func(t *testing.T, c *Config) {
			if v, _ := c.Value("resolvers"); !slices.Equal(v, []string{"127.0.0.1:53", "[::1]:53"}) {
				t.Errorf("resolvers = %q", v)
			}
		}},
		{"one recipient as a string", "notify:\n  email:\n    smtp: m.example.com:587\n    from: Lookalike <a@example.com>\n    to: b@example.com\n", func(t *testing.T, c *Config) {
			if !slices.Equal(c.Notify.Email.To, List{"b@example.com"}) || !c.Has("notify.email.to") {
				t.Errorf("to = %q", c.Notify.Email.To)
			}
		}},
		{"an anchor does not make an unknown key known", "defaults: &d\n  path: x\n", nil},
		{"merge into an output", "outputs:\n  - &o {path: a.csv, format: csv}\n  - <<: *o\n    path: b.csv\n", func(t *testing.T, c *Config) {
			if len(c.Outputs) != 2 || c.Outputs[1].Path != "b.csv" || c.Outputs[1].Format != "csv" {
				t.Errorf("outputs = %+v", c.Outputs)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.yaml), "cfg.yaml", allFlags())
			if tt.check == nil {
				if err == nil {
					t.Fatal("accepted an unknown key")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestPassword(t *testing.T) {
	t.Setenv("LOOKALIKE_TEST_PW", "s3cret")
	tests := []struct {
		name    string
		e       Email
		want    string
		wantErr bool
	}{
		{"no login", Email{}, "", false},
		{"from the environment", Email{Username: "u", PasswordEnv: "LOOKALIKE_TEST_PW"}, "s3cret", false},
		{"variable unset", Email{Username: "u", PasswordEnv: "LOOKALIKE_TEST_UNSET"}, "", true},
		{"no variable named", Email{Username: "u"}, "", true},
	}
	os.Unsetenv("LOOKALIKE_TEST_UNSET")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.e.Password()
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("Password() = %q, %v", got, err)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Error("error shows the password")
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	if _, err := Load("testdata/does-not-exist.yaml", allFlags()); err == nil || !strings.Contains(err.Error(), "does-not-exist.yaml") {
		t.Errorf("err = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(Example))
	f.Add([]byte("rate: 1\nrtae: 2\n"))
	f.Add([]byte("outputs:\n  - &o {path: a, format: csv}\n  - *o\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("tlds: com,net\ntimeout: 1s\n"))
	known := Keys(allFlags())
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.yaml", allFlags())
		if err != nil {
			if c != nil {
				t.Fatal("config and error together")
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for k := range c.lines {
			if !slices.Contains(known, k) {
				t.Fatalf("set key %q is not a known key", k)
			}
		}
		// A value the flag refuses is an error that names the file.
		if err := c.Apply(allFlags()); err != nil && !strings.HasPrefix(err.Error(), "fuzz.yaml") {
			t.Fatalf("apply error does not name the file: %v", err)
		}
	})
}

func TestNearest(t *testing.T) {
	known := []string{"rate", "retries", "resolvers", "tlds", "timeout", "password_env"}
	tests := []struct{ key, want string }{
		{"rtae", "rate"},
		{"retires", "retries"},
		{"resolver", "resolvers"},
		{"tld", "tlds"},
		{"timeuot", "timeout"},
		{"password", ""},
		{"colour", ""},
	}
	for _, tt := range tests {
		if got := nearest(tt.key, known); got != tt.want {
			t.Errorf("nearest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
