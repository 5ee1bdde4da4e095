package match

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ct.json")
	s := &FileState{Path: path}
	if _, ok, err := s.Position("https://log.example/"); ok || err != nil {
		t.Fatalf("Position on a missing file: %v, %v; want not found, no error", ok, err)
	}
	if err := s.SetPosition("https://log.example/", 4096); err != nil {
		t.Fatal(err)
	}
	again := &FileState{Path: path} // a later run
	if n, ok, err := again.Position("https://log.example/"); n != 4096 || !ok || err != nil {
		t.Errorf("Position after a restart = %d, %v, %v; want 4096", n, ok, err)
	}
	if err := os.WriteFile(path, []byte("not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := (&FileState{Path: path}).Position("x"); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Position on a broken file: %v, want an error naming it", err)
	}
}
