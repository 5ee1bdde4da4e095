//go:build unix

package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// Lock takes the run lock of the state at statePath: flock(2) on
// "<statePath>.lock". It never waits: when another process holds the lock it
// returns an error that wraps ErrLocked and names the file. The kernel drops
// the lock when the holder exits, however it exits, so a killed run never
// leaves a stale lock behind. The lock file itself stays: removing it would
// let two processes lock two different files of the same name.
func Lock(statePath string) (unlock func(), err error) {
	path := statePath + ".lock"
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("lock state: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock state: %w", err)
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: another lookalike run holds %s; let it finish (or stop it) and try again", ErrLocked, path)
		}
		return nil, fmt.Errorf("lock state %s: %w", path, err)
	}
	return func() {
		// Closing the descriptor releases the lock.
		f.Close()
	}, nil
}
