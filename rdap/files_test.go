package rdap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewFromFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "dns.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte(`{"version":"1.0","services":[[["example"],["http://127.0.0.1:1/rdap/"]]]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"services":`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, wantErr string
	}{
		{"embedded snapshot", "", ""},
		{"a bootstrap file", good, ""},
		{"missing file", filepath.Join(dir, "nope.json"), "no such file"},
		{"broken file names itself", bad, "bad.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewFromFile(Options{}, tc.file)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || c == nil {
				t.Fatalf("NewFromFile: %v", err)
			}
		})
	}
}
