package report

import (
	"encoding/json"
	"testing"
)

// appendJSON must produce what encoding/json reads back unchanged, for every
// string whatever its bytes.
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "tab\tnew\nline\r", "\x00\x1f\x7f", "àirfrance", "\u2028\u2029", "bad \xff utf8", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rec := Record{{Key: "k" + s, Value: s}, {Key: "list", Value: []string{s, "x"}}, {Key: "n", Value: 42}, {Key: "b", Value: true}}
		b, err := appendJSON(nil, rec)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("not JSON: %v\n%q", err, b)
		}
		// The reference: what encoding/json makes of the cleaned string.
		var want string
		ref, _ := json.Marshal(Clean(s))
		json.Unmarshal(ref, &want)
		if m["k"+s] != nil && m["k"+s] != want {
			t.Fatalf("value %q read back as %q, want %q", s, m["k"+s], want)
		}
		if l := m["list"].([]any); l[0] != want || l[1] != "x" {
			t.Fatalf("list read back as %v", l)
		}
		if m["n"] != float64(42) || m["b"] != true {
			t.Fatalf("numbers and booleans: %v", m)
		}
	})
}
