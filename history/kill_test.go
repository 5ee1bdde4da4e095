//go:build unix

package history

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// childEnv makes the test binary a writer that loops until it is killed.
const childEnv = "LOOKALIKE_HISTORY_WRITER"

const (
	childNames = 1000
	childBatch = 50
)

func TestMain(m *testing.M) {
	if spec := os.Getenv(shardChildEnv); spec != "" {
		os.Exit(shardChild(spec))
	}
	if path := os.Getenv(childEnv); path != "" {
		if err := writeForever(path); err != nil {
			fmt.Fprintln(os.Stderr, "writer:", err)
			os.Exit(2)
		}
		return
	}
	os.Exit(m.Run())
}

func childDomain(i int) string { return fmt.Sprintf("n%04d.fr", i) }

// childA differs from run to run, so that every name changes its records
// between any two runs of the writer and the diff shows which run was the
// baseline.
func childA(id RunID, i int) string {
	return fmt.Sprintf("10.%d.%d.%d", (id>>8)&255, id&255, i%256)
}

// writeForever holds the run lock, as a cron run does, and records runs until
// the process is killed.
func writeForever(path string) error {
	unlock, err := lockState(path)
	if err != nil {
		return err
	}
	defer unlock()
	s, err := OpenURL(context.Background(), path, OpenOptions{})
	if err != nil {
		return err
	}
	fmt.Println("ready")
	for {
		r, err := s.BeginRun([]string{"brand.fr"}, "writer")
		if err != nil {
			return err
		}
		r.batch = childBatch
		for i := range childNames {
			o := reg(childDomain(i), "third-party", withA(childA(r.ID, i)))
			if err := r.Add(o); err != nil {
				return err
			}
		}
		if err := r.Finish(r.Counts()); err != nil {
			return err
		}
	}
}

// TestKilledRunsLeaveAUsableStore kills a writer process with SIGKILL at random
// points, many times, and checks after each kill that the store opens cleanly,
// that the killed run is incomplete and never a baseline, and that a new run
// works and diffs against the last complete run.
func TestKilledRunsLeaveAUsableStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		killedRuns(t, filepath.Join(t.TempDir(), "state.db"), 25)
	})
	// PostgreSQL: the server sees the client's connection drop mid-batch.
	t.Run("postgres", func(t *testing.T) { killedRuns(t, postgresTempURL(t), 10) })
}

// lockState takes the lock an unsharded run takes on the state.
func lockState(state string) (func(), error) {
	if !isPostgresURL(state) {
		return Lock(state)
	}
	s, err := OpenURL(context.Background(), state, OpenOptions{})
	if err != nil {
		return nil, err
	}
	// The server drops a dead client's lock when it notices the closed
	// connection, a moment after the kill: wait for that, within reason.
	deadline := time.Now().Add(10 * time.Second)
	for {
		unlock, err := s.LockShard("", 0, 1)
		if err == nil {
			return func() { unlock(); s.Close() }, nil
		}
		if !errors.Is(err, ErrLocked) || time.Now().After(deadline) {
			s.Close()
			return nil, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func killedRuns(t *testing.T, path string, kills int) {
	if testing.Short() {
		kills = 5
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const seed = 20260501
	rng := rand.New(rand.NewPCG(seed, 0))
	budget := time.Now().Add(90 * time.Second) // bounds the test on a loaded machine
	done := 0
	var checked RunID
	for i := range kills {
		if time.Now().After(budget) {
			break
		}
		var stderr bytes.Buffer
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+path)
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if i%5 == 0 {
			// Sometimes kill it early: while it opens or migrates the store.
			time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
		} else {
			if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
				cmd.Wait()
				t.Fatalf("kill %d: writer never got ready: %v\n%s", i, err, stderr.String())
			}
			time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond)
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != -1 {
			t.Fatalf("kill %d: writer ended on its own (%v) instead of by SIGKILL:\n%s", i, err, stderr.String())
		}
		checked = checkAfterKill(t, path, i, checked)
		done++
	}
	s, err := OpenURL(context.Background(), path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs, _ := s.Runs("")
	partial := 0
	for _, r := range runs {
		if !r.Complete {
			partial++
		}
	}
	t.Logf("seed %d: %d kills, %d runs, %d left incomplete", seed, done, len(runs), partial)
	if done < 3 {
		t.Fatalf("only %d kills within the time budget", done)
	}
}

// checkAfterKill checks the store after a kill; runs up to checked were
// checked after earlier kills, and it returns the last run it checked.
func checkAfterKill(t *testing.T, path string, kill int, checked RunID) RunID {
	t.Helper()
	// The kernel released the dead writer's lock.
	unlock, err := lockState(path)
	if err != nil {
		t.Fatalf("kill %d: %v", kill, err)
	}
	defer unlock()
	s, err := OpenURL(context.Background(), path, OpenOptions{})
	if err != nil {
		t.Fatalf("kill %d: store does not open: %v", kill, err)
	}
	defer s.Close()
	if s.dialect == sqliteDialect {
		var integrity string
		if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
			t.Fatalf("kill %d: integrity_check = %q, %v", kill, integrity, err)
		}
	}
	runs, err := s.Runs("brand.fr")
	if err != nil {
		t.Fatal(err)
	}
	incomplete := 0
	for _, r := range runs {
		if !r.Complete {
			incomplete++
		}
		if r.ID <= checked {
			continue
		}
		obs, err := s.Observations(r.ID, "brand.fr")
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !r.Complete:
			// Batches are all or nothing.
			if len(obs)%childBatch != 0 {
				t.Errorf("kill %d: incomplete run %d holds %d names, not whole batches of %d", kill, r.ID, len(obs), childBatch)
			}
		case len(obs) != childNames || r.Counts.Names != childNames:
			t.Errorf("kill %d: complete run %d holds %d names, counts %d; want %d", kill, r.ID, len(obs), r.Counts.Names, childNames)
		}
	}
	if incomplete > kill+1 {
		t.Errorf("kill %d: %d incomplete runs, more than the kills so far", kill, incomplete)
	}

	// A new run works and is compared with the last complete run, never with
	// the killed one.
	var base *RunInfo
	for i := len(runs) - 1; i >= 0; i-- {
		if runs[i].Complete {
			base = &runs[i]
			break
		}
	}
	r, err := s.BeginRun([]string{"brand.fr"}, "parent")
	if err != nil {
		t.Fatalf("kill %d: BeginRun: %v", kill, err)
	}
	for i := range childNames {
		if err := r.Add(reg(childDomain(i), "third-party", withA(fmt.Sprintf("192.0.2.%d", i%256)))); err != nil {
			t.Fatalf("kill %d: Add: %v", kill, err)
		}
	}
	if err := r.Finish(r.Counts()); err != nil {
		t.Fatalf("kill %d: Finish: %v", kill, err)
	}
	cs, err := s.Changes("brand.fr", r.ID, 0)
	if base == nil {
		if !errors.Is(err, ErrNoBaseline) {
			t.Fatalf("kill %d: no complete run before, yet Changes = %d changes, %v", kill, len(cs), err)
		}
		return r.ID
	}
	if err != nil {
		t.Fatalf("kill %d: Changes: %v", kill, err)
	}
	want := childNames
	if base.Options == "parent" {
		want = 0 // the writer finished no run since our last one: same records
	}
	if len(cs) != want {
		t.Fatalf("kill %d: %d changes against run %d (%s), want %d", kill, len(cs), base.ID, base.Options, want)
	}
	for _, c := range cs {
		if c.BeforeRun != base.ID || c.Kind != RecordsChanged || c.Field != "a" {
			t.Fatalf("kill %d: change %+v: want records-changed a against run %d", kill, c, base.ID)
		}
	}
	return r.ID
}
