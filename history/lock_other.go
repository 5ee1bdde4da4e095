//go:build !unix

package history

import "fmt"

// Lock needs flock(2); without it, refuse rather than let two runs interleave.
func Lock(statePath string) (unlock func(), err error) {
	return nil, fmt.Errorf("lock state %s: run locking needs flock(2), which this system lacks", statePath)
}
