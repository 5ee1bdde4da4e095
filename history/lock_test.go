//go:build unix

package history

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestLock(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.db")
	unlock, err := Lock(state)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to the open file, so a second open in this process
	// conflicts just as another process would.
	_, err = Lock(state)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock: err = %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), state+".lock") || !strings.Contains(err.Error(), "another lookalike run") {
		t.Errorf("message should name the lock file and say who holds it: %v", err)
	}
	unlock()
	unlock2, err := Lock(state)
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	unlock2()
}

func TestLockOtherStateIsIndependent(t *testing.T) {
	dir := t.TempDir()
	u1, err := Lock(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer u1()
	u2, err := Lock(filepath.Join(dir, "b.db"))
	if err != nil {
		t.Fatalf("lock of another state: %v", err)
	}
	u2()
}
