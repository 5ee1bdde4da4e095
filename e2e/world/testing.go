package world

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"
)

// EnvRequire, set to 1, turns a missing nsd or unbound from a skip into a
// failure. CI sets it, so that e2e tests cannot pass by not running.
const EnvRequire = "LOOKALIKE_E2E"

// Need skips t (or fails it under LOOKALIKE_E2E=1) when worlds cannot run.
func Need(t testing.TB) {
	t.Helper()
	if err := Available(); err != nil {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("%v, and %s=1 requires the e2e tests to run", err, EnvRequire)
		}
		t.Skip(err)
	}
}

// ForTest starts a private world for t and stops it when t ends, pass or
// fail. Use it for tests that change zones; others can share one (Shared).
func ForTest(t testing.TB, spec Spec) *World {
	t.Helper()
	Need(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	w, err := Start(ctx, spec)
	if err != nil {
		t.Fatalf("start world: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(w.Logs())
		}
		w.Stop()
	})
	return w
}

var shared struct {
	once sync.Once
	w    *World
	err  error
}

// Shared returns the default world for tests that only read it: the one
// named by LOOKALIKE_E2E_WORLD when set (`world up`), else one started on
// first use and kept until StopShared (call it from TestMain after m.Run;
// the daemons die with the test binary in any case).
func Shared(t testing.TB) *World {
	t.Helper()
	if dir := os.Getenv(EnvWorld); dir != "" {
		shared.once.Do(func() { shared.w, shared.err = Attach(context.Background(), dir) })
	} else {
		Need(t)
		shared.once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			shared.w, shared.err = Start(ctx, Default())
		})
	}
	if shared.err != nil {
		t.Fatalf("shared world: %v", shared.err)
	}
	return shared.w
}

// StopShared stops the world Shared started, if any.
func StopShared() {
	if shared.w != nil {
		shared.w.Stop()
	}
}
