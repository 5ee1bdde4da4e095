package history

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A state file nobody may write (0444 in a 0555 directory, as a copy handed
// to an analyst) still serves history and diff, and nothing about it
// changes: no -wal or -shm file appears, the bytes stay the same.
func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	record(t, s, run(unreg("x.fr")), run(reg("x.fr", "third-party")))
	s.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries := func() []string {
		es, _ := os.ReadDir(dir)
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		return out
	}
	files := entries()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })

	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly of a 0444 file: %v", err)
	}
	runs, err := ro.Runs("brand.fr")
	if err != nil || len(runs) != 2 {
		t.Fatalf("Runs = %d runs, %v; want 2", len(runs), err)
	}
	cs, err := ro.Changes("brand.fr", 0, 0)
	if err != nil || len(cs) != 1 || cs[0].Kind != NewlyRegistered {
		t.Fatalf("Changes = %+v, %v; want one newly-registered", cs, err)
	}
	if _, err := ro.BeginRun([]string{"brand.fr"}, ""); !errors.Is(err, ErrReadOnly) {
		t.Errorf("BeginRun on a read-only store: err = %v, want ErrReadOnly", err)
	}
	if _, err := ro.Prune(0); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Prune on a read-only store: err = %v, want ErrReadOnly", err)
	}
	ro.Close()
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a read-only open changed the file")
	}
	if got := entries(); !slices.Equal(got, files) {
		t.Errorf("files after a read-only open: %v, want %v", got, files)
	}
}

func TestOpenReadOnlyRefuses(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, path, want string
	}{
		{"missing file is not created", filepath.Join(dir, "nope.db"), "no such file"},
		{"schema 1 needs a writable open to migrate", copyFile(t, filepath.Join("testdata", "schema1.db"), dir), "run a scan with --state"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := OpenReadOnly(tt.path)
			if err == nil {
				s.Close()
				t.Fatal("OpenReadOnly succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); !os.IsNotExist(err) {
		t.Error("OpenReadOnly created the missing file")
	}
}

// copyFile copies src into dir and returns the copy's path.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}
