package match

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// FileState is a State kept in a JSON file ({"log URL": next index}),
// written atomically (a temporary file renamed over it) after each batch, so
// a run killed at any point leaves the last saved position. A missing file
// is an empty state.
type FileState struct {
	Path string
	mu   sync.Mutex
	pos  map[string]int64
}

func (f *FileState) load() error {
	if f.pos != nil {
		return nil
	}
	f.pos = map[string]int64{}
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read CT state %s: %w", f.Path, err)
	}
	if err := json.Unmarshal(b, &f.pos); err != nil {
		f.pos = nil
		return fmt.Errorf("read CT state %s: %w (a JSON object of log URL to next index is expected; move the file away to start again)", f.Path, err)
	}
	return nil
}

// Position implements State.
func (f *FileState) Position(log string) (int64, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.load(); err != nil {
		return 0, false, err
	}
	n, ok := f.pos[log]
	return n, ok, nil
}

// SetPosition implements State.
func (f *FileState) SetPosition(log string, next int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.load(); err != nil {
		return err
	}
	f.pos[log] = next
	b, err := json.MarshalIndent(f.pos, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.Path), ".ct-state-*")
	if err != nil {
		return fmt.Errorf("write CT state %s: %w", f.Path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write CT state %s: %w", f.Path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write CT state %s: %w", f.Path, err)
	}
	if err := os.Rename(tmp.Name(), f.Path); err != nil {
		return fmt.Errorf("write CT state %s: %w", f.Path, err)
	}
	return nil
}
