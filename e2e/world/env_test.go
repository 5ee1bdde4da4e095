package world

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEnvRoundTrip(t *testing.T) {
	w := &World{Addrs: Addrs{Net: 7}, layout: layout{dir: "/tmp/w"}, spec: Spec{Loss: 0.3}}
	path := filepath.Join(t.TempDir(), "env")
	if err := writeEnv(path, w.envVars()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vars, err := ParseEnv(f)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		envDir:     "/tmp/w",
		envNet:     "7",
		envNSD:     "127.53.7.1:53",
		envNSDIP:   "127.53.7.1",
		envUnbound: "127.53.7.2:53",
		envLossy:   "127.53.7.3:53",
		envLame:    "127.53.7.250:53",
		envSilent:  "127.53.7.251:53",
	} {
		if vars[key] != want {
			t.Errorf("%s = %q, want %q", key, vars[key], want)
		}
	}
}

func TestParseEnv(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     map[string]string // nil: an error
	}{
		{"quoted", "A='x'\n", map[string]string{"A": "x"}},
		{"bare", "A=x\n# c\n\nB_2=127.0.0.1:53", map[string]string{"A": "x", "B_2": "127.0.0.1:53"}},
		{"empty value", "A=''\n", map[string]string{"A": ""}},
		{"no equals", "A\n", nil},
		{"lower-case key", "a=x\n", nil},
		{"digit first", "1A=x\n", nil},
		{"space", "A='x y'\n", nil},
		{"command substitution", "A=$(reboot)\n", nil},
		{"inner quote", "A='x'y'\n", nil},
		{"duplicate", "A=x\nA=y\n", nil},
		{"control character", "A=x\x01\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseEnv(strings.NewReader(tc.in))
			if tc.want == nil {
				if err == nil {
					t.Fatalf("parsed %v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// Whatever ParseEnv accepts, writeEnv writes back to the same values: the
// file means the same to a shell that sources it and to Attach.
func FuzzParseEnv(f *testing.F) {
	f.Add("A='x'\nB=y\n")
	f.Add("# c\nLOOKALIKE_E2E_NSD='127.53.1.1:53'\n")
	f.Add("A=''\n")
	f.Fuzz(func(t *testing.T, in string) {
		vars, err := ParseEnv(strings.NewReader(in))
		if err != nil {
			return
		}
		var list []envVar
		for _, k := range sortedKeys(vars) {
			list = append(list, envVar{k, vars[k]})
		}
		path := filepath.Join(t.TempDir(), "env")
		if err := writeEnv(path, list); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseEnv(strings.NewReader(string(data)))
		if err != nil {
			t.Fatalf("written env does not parse: %v\n%s", err, data)
		}
		for k, v := range vars {
			if again[k] != v {
				t.Fatalf("%s: %q became %q", k, v, again[k])
			}
		}
	})
}
