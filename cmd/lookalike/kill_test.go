package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lookalike/lookalike/history"
)

// TestMain lets a test run this binary as the lookalike command itself, so
// that a real scan can be killed mid-run.
func TestMain(m *testing.M) {
	if os.Getenv("LOOKALIKE_TEST_MAIN") == "1" {
		e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
		os.Exit(run(context.Background(), os.Args[1:], e))
	}
	os.Exit(m.Run())
}

// A scan killed with SIGKILL at random points leaves a state that opens,
// its run incomplete and never a baseline; the next run works.
func TestScanKilledMidRun(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes")
	}
	s := verdictWorld(t)
	// Slow replies keep each scan running long enough to be killed inside.
	s.SetJitter(20 * time.Millisecond)
	state := filepath.Join(t.TempDir(), "state.db")
	args := []string{"scan", "airfrance.fr", "--fuzzers", "omission,addition,insertion,replacement", "--no-abused-tlds", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "300ms", "--retries", "1", "--concurrency", "8", "--state", state, "--format", "list"}
	scanOnce := func(kill time.Duration) (killed bool) {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "LOOKALIKE_TEST_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			return false
		case <-time.After(kill):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return true
		}
	}
	// The baseline, complete; kills land within its length.
	start := time.Now()
	if scanOnce(time.Minute) {
		t.Fatal("the first scan did not finish in a minute")
	}
	length := time.Since(start)
	t.Logf("a scan takes %v", length)
	rng := rand.New(rand.NewPCG(11, 12))
	kills := 0
	for range 12 {
		if scanOnce(time.Duration(rng.Int64N(int64(length)))) {
			kills++
		}
		db, err := history.Open(state)
		if err != nil {
			t.Fatalf("state does not open after a kill: %v", err)
		}
		db.Close()
	}
	if kills == 0 {
		t.Fatal("no scan was killed: the test proves nothing (scans too fast?)")
	}
	// The next run completes, compares with the complete baseline, and finds
	// nothing changed: the killed runs were not used.
	code, _, errs := runCLI(t, false, append(args, "--changes-only")...)
	if code != 0 || !strings.Contains(errs, "0 change(s)") {
		t.Fatalf("run after %d kills: exit %d, %s", kills, code, errs)
	}
	db, err := history.Open(state)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runs, _ := db.Runs("airfrance.fr")
	// A kill can land before the run begins or after it finished; what must
	// hold is that a run marked complete saw every name, and that some kill
	// did cut a run short.
	incomplete := 0
	for _, r := range runs {
		switch {
		case !r.Complete:
			incomplete++
		case r.Counts.Names != runs[0].Counts.Names:
			t.Errorf("run %d is marked complete with %d names, the baseline has %d", r.ID, r.Counts.Names, runs[0].Counts.Names)
		}
	}
	if incomplete == 0 {
		t.Errorf("%d kills, none cut a run short: the test proves nothing", kills)
	}
}
