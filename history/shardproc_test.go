//go:build unix

package history

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/shard"
)

// shardChildEnv makes the test binary one shard process of a run:
// "STATE|RUN|I|N|NIGHT|MODE", MODE "finish" or "hang" (write half, flush,
// then wait to be killed).
const shardChildEnv = "LOOKALIKE_HISTORY_SHARD"

const shardNames = 300

// shardNight is night k of a 300-name brand: on night 1 every tenth name
// is registered.
func shardNight(k int) []Observation {
	out := make([]Observation, 0, shardNames)
	for i := range shardNames {
		o := unreg(fmt.Sprintf("s%04d.fr", i))
		if k > 0 && i%10 == 0 {
			o = reg(o.Domain, "third-party", withA(fmt.Sprintf("192.0.2.%d", i%250)))
		}
		out = append(out, o)
	}
	return out
}

func shardChild(spec string) int {
	p := strings.Split(spec, "|")
	i, _ := strconv.Atoi(p[2])
	n, _ := strconv.Atoi(p[3])
	night, _ := strconv.Atoi(p[4])
	fail := func(err error) int { fmt.Println("error:", err); return 2 }
	s, err := OpenURL(context.Background(), p[0], OpenOptions{})
	if err != nil {
		return fail(err)
	}
	defer s.Close()
	unlock, err := s.LockShard(p[1], i, n)
	if err != nil {
		return fail(err)
	}
	defer unlock()
	r, err := s.BeginShard(p[1], i, n, []string{"brand.fr"}, "shard "+p[2])
	if err != nil {
		return fail(err)
	}
	r.batch = 10
	var mine []Observation
	for _, o := range shardNight(night) {
		if shard.Of(o.Domain, n) == i {
			mine = append(mine, o)
		}
	}
	if p[5] == "hang" {
		if err := r.Add(mine[:len(mine)/2]...); err != nil {
			return fail(err)
		}
		if err := r.Flush(); err != nil {
			return fail(err)
		}
		fmt.Println("flushed")
		time.Sleep(time.Hour) // until SIGKILL
	}
	if err := r.Add(mine...); err != nil {
		return fail(err)
	}
	if err := r.Finish(r.Counts()); err != nil {
		return fail(err)
	}
	if r.Completed() {
		fmt.Println("completed")
	} else {
		fmt.Println("done")
	}
	return 0
}

type shardProc struct {
	cmd *exec.Cmd
	out *bufio.Reader
}

func startShard(t *testing.T, state, run string, i, n, night int, mode string) *shardProc {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s|%s|%d|%d|%d|%s", shardChildEnv, state, run, i, n, night, mode))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A test that fails halfway leaves no shard process behind.
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return &shardProc{cmd, bufio.NewReader(out)}
}

// line is what the shard process printed first.
func (p *shardProc) line(t *testing.T) string {
	t.Helper()
	l, err := p.out.ReadString('\n')
	if err != nil {
		t.Fatalf("shard process said nothing: %v", err)
	}
	return strings.TrimSpace(l)
}

// Three shard processes of one run, at once: together they store exactly
// the names a single process stores, each once; exactly one of them completes
// the run. A shard killed with SIGKILL leaves the run incomplete until it is
// run again, and the two nights give the diff a single process gives.
func TestShardProcesses(t *testing.T) {
	for _, b := range []struct {
		name  string
		state func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "state.db") }},
		{"postgres", func(t *testing.T) string { return postgresTempURL(t) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			state := b.state(t)
			const n = 3
			// Night 0: three shards at once.
			var procs []*shardProc
			for i := range n {
				procs = append(procs, startShard(t, state, "night-0", i, n, 0, "finish"))
			}
			var said []string
			for _, p := range procs {
				said = append(said, p.line(t))
				if err := p.cmd.Wait(); err != nil {
					t.Fatalf("shard process: %v (%v)", err, said)
				}
			}
			slices.Sort(said)
			if !slices.Equal(said, []string{"completed", "done", "done"}) {
				t.Fatalf("night 0: shards said %q, want exactly one completed", said)
			}

			// Night 1: shard 1 is killed halfway, then run again.
			p0 := startShard(t, state, "night-1", 0, n, 1, "finish")
			p2 := startShard(t, state, "night-1", 2, n, 1, "finish")
			p1 := startShard(t, state, "night-1", 1, n, 1, "hang")
			if l := p1.line(t); l != "flushed" {
				t.Fatalf("hanging shard said %q", l)
			}
			// A second process of shard 1 is refused while the first lives.
			dup := startShard(t, state, "night-1", 1, n, 1, "finish")
			if l := dup.line(t); !strings.Contains(l, ErrLocked.Error()) {
				t.Errorf("a second process of shard 1 said %q, want the lock refusal", l)
			}
			dup.cmd.Wait()
			for _, p := range []*shardProc{p0, p2} {
				if l := p.line(t); l != "done" {
					t.Errorf("shard finishing before the killed one said %q, want done", l)
				}
				p.cmd.Wait()
			}
			if err := p1.cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			var ee *exec.ExitError
			if err := p1.cmd.Wait(); !errors.As(err, &ee) {
				t.Fatalf("killed shard: %v", err)
			}
			s, err := OpenURL(context.Background(), state, OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			runs, _ := s.Runs("brand.fr")
			if len(runs) != 2 || runs[1].Complete || runs[1].ShardsDone != 2 {
				t.Fatalf("after the kill: runs %+v; want night 1 incomplete with 2 of 3 shards", runs)
			}
			if _, err := s.Changes("brand.fr", 0, 0); !errors.Is(err, ErrNoBaseline) {
				t.Errorf("the killed night is compared: %v", err)
			}
			again := startShard(t, state, "night-1", 1, n, 1, "finish")
			if l := again.line(t); l != "completed" {
				t.Fatalf("the rerun shard said %q, want completed", l)
			}
			again.cmd.Wait()

			runs, _ = s.Runs("brand.fr")
			for k, r := range runs {
				if !r.Complete || r.Counts.Names != shardNames {
					t.Errorf("night %d: complete %v, %d names counted; want %d, each once", k, r.Complete, r.Counts.Names, shardNames)
				}
				obs, err := s.Observations(r.ID, "brand.fr")
				if err != nil || len(obs) != shardNames {
					t.Errorf("night %d: %d names stored, %v; want %d", k, len(obs), err, shardNames)
				}
			}
			got, err := s.Changes("brand.fr", 0, 0)
			if err != nil {
				t.Fatal(err)
			}

			// The same two nights from one process, unsharded.
			ref := openTemp(t)
			for k := range 2 {
				r, err := ref.BeginRun([]string{"brand.fr"}, "single")
				must(t, err)
				must(t, r.Add(shardNight(k)...))
				must(t, r.Finish(r.Counts()))
			}
			want, err := ref.Changes("brand.fr", 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != shardNames/10 || len(got) != len(want) {
				t.Fatalf("%d changes from the shards, %d from one process; want %d", len(got), len(want), shardNames/10)
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.Domain != w.Domain || g.Kind != w.Kind || g.Field != w.Field || !slices.Equal(g.A, w.A) {
					t.Errorf("change %d: shards %+v, one process %+v", i, g, w)
				}
			}
		})
	}
}
