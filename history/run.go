package history

import (
	"fmt"
	"sync"
	"time"
)

// DefaultBatch is how many observations a Run buffers before it writes them in
// one transaction: large enough that a 40,000-name scan costs a few dozen
// commits, small enough that a kill loses little.
const DefaultBatch = 1000

// Run is one scan being recorded. Add buffers observations and writes them a
// batch per transaction; Finish writes the rest and marks the run complete. A
// run that never reaches Finish stays incomplete and is never a baseline.
// Its methods are safe for concurrent use.
type Run struct {
	// ID is the run's number in the store.
	ID RunID
	// Shard is the part of the run this process writes (0 of 1 when the run
	// is not sharded).
	Shard, Shards int

	w     Writer
	batch int

	mu        sync.Mutex
	buf       []Observation
	counts    Counts
	done      bool
	completed bool
	err       error // the first write error: a run that lost a batch must not finish
}

// NewRun wraps a run that a store has begun. batch <= 0 means DefaultBatch.
func NewRun(id RunID, w Writer, batch int) *Run {
	if batch <= 0 {
		batch = DefaultBatch
	}
	return &Run{ID: id, Shards: 1, w: w, batch: batch, counts: Counts{Verdicts: map[string]int{}}}
}

// Add records observations, writing a batch whenever the buffer fills. An
// invalid observation (empty domain, unknown status) is an error and nothing
// of that call is recorded.
func (r *Run) Add(obs ...Observation) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return fmt.Errorf("add to run %d: %w", r.ID, ErrFinished)
	}
	if r.err != nil {
		return r.err
	}
	start := len(r.buf)
	for _, o := range obs {
		if err := o.normalize(); err != nil {
			r.buf = r.buf[:start]
			return fmt.Errorf("add to run %d: %w", r.ID, err)
		}
		r.buf = append(r.buf, o)
	}
	for _, o := range r.buf[start:] {
		r.tally(o)
	}
	for len(r.buf) >= r.batch {
		if err := r.flush(r.batch); err != nil {
			return err
		}
	}
	return nil
}

func (r *Run) tally(o Observation) {
	r.counts.Names++
	switch o.Status {
	case StatusRegistered:
		r.counts.Registered++
	case StatusUnregistered:
		r.counts.Unregistered++
	default:
		r.counts.Unknown++
	}
	if o.Verdict != "" {
		r.counts.Verdicts[o.Verdict]++
	}
}

// flush writes the first n buffered observations. Caller holds mu.
func (r *Run) flush(n int) error {
	if n == 0 {
		return nil
	}
	if err := r.w.WriteBatch(r.ID, r.buf[:n]); err != nil {
		r.err = fmt.Errorf("write run %d: %w", r.ID, err)
		return r.err
	}
	r.buf = append(r.buf[:0], r.buf[n:]...)
	return nil
}

// Flush writes what is buffered now, without finishing the run.
func (r *Run) Flush() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	return r.flush(len(r.buf))
}

// Counts returns the tally of what was added so far.
func (r *Run) Counts() Counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.counts
	c.Verdicts = make(map[string]int, len(r.counts.Verdicts))
	for k, v := range r.counts.Verdicts {
		c.Verdicts[k] = v
	}
	return c
}

// Finish writes what is buffered and marks the run (or this run's shard)
// complete with counts (pass r.Counts() when there is nothing to add). A run
// whose earlier write failed does not finish: it stays incomplete, and the
// error says why. After Finish, Completed says whether it completed the run.
func (r *Run) Finish(c Counts) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.done {
		return fmt.Errorf("finish run %d: %w", r.ID, ErrFinished)
	}
	if r.err != nil {
		return r.err
	}
	if err := r.flush(len(r.buf)); err != nil {
		return err
	}
	completed, err := r.w.FinishRun(r.ID, r.Shard, c, time.Now())
	if err != nil {
		r.err = fmt.Errorf("finish run %d: %w", r.ID, err)
		return r.err
	}
	r.done, r.completed = true, completed
	return nil
}

// Completed reports whether this process's Finish completed the whole run:
// always, for a run that is not sharded; for a sharded run, only in the one
// process whose shard was the last to finish. That process, and only it,
// computes the diff and sends the notification.
func (r *Run) Completed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.completed
}
