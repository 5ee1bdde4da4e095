package fanout

import (
	"context"
	"iter"
	"sync"
)

// Worker turns one value into a result. A worker belongs to one goroutine,
// so it may keep state (a socket, a buffer) between calls.
type Worker[T, U any] func(ctx context.Context, v T) U

// Options size the pool.
type Options struct {
	// Workers is the number of goroutines; at least 1.
	Workers int
	// Window bounds the values started and not yet yielded; at least Workers.
	Window int
	// Background, when set, lets the iteration return before goroutines
	// caught in a call that ignores the context have finished: they are
	// counted on it instead, for the owner's Close to wait on.
	Background *sync.WaitGroup
}

// Ordered applies a worker to every value of in and yields the results in
// input order. newWorker is called once per goroutine and returns the
// worker and a function run when the goroutine ends (nil for none).
//
// When ctx ends, Ordered yields, in order, the results already finished
// that continue the output, and returns; a consumer that stops early stops
// the pool the same way. Values taken from in but not finished are dropped:
// the caller counts what it received.
func Ordered[T, U any](ctx context.Context, in iter.Seq[T], o Options, newWorker func(ctx context.Context) (Worker[T, U], func())) iter.Seq[U] {
	workers := max(o.Workers, 1)
	window := max(o.Window, workers)
	return func(yield func(U) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type job struct {
			seq int
			v   T
		}
		type done struct {
			seq int
			u   U
		}
		slots := make(chan struct{}, window) // one per value started and not yet yielded
		// A few values wait ready for each worker, so that a worker done
		// with one takes the next without parking, and the feeder wakes
		// once per several values rather than once per value.
		jobs := make(chan job, min(workers, window))
		results := make(chan done, workers)
		var wg sync.WaitGroup
		wg.Add(1 + workers)
		go func() { // the feeder
			defer wg.Done()
			defer close(jobs)
			ctx, release := ownDone(ctx)
			defer release()
			seq := 0
			for v := range in {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- job{seq, v}:
				case <-ctx.Done():
					return
				}
				seq++
			}
		}()
		for range workers {
			go func() {
				defer wg.Done()
				ctx, release := ownDone(ctx)
				defer release()
				fn, stop := newWorker(ctx)
				if stop != nil {
					defer stop()
				}
				for {
					var j job
					var ok bool
					select {
					case j, ok = <-jobs:
						if !ok {
							return
						}
					case <-ctx.Done():
						return
					}
					d := done{j.seq, fn(ctx, j.v)}
					select {
					case results <- d:
					case <-ctx.Done():
						return
					}
				}
			}()
		}
		go func() { wg.Wait(); close(results) }()
		defer func() {
			cancel()
			if o.Background == nil {
				for range results { // let blocked goroutines finish
				}
				return
			}
			o.Background.Add(1)
			go func() {
				defer o.Background.Done()
				for range results {
				}
			}()
		}()

		// Results that finished ahead of an older one wait in pending, in
		// boxes reused once yielded: holding them costs no allocation a value.
		pending := make([]*U, window)
		var boxes []*U
		next := 0
		flush := func() bool {
			for {
				u := pending[next%window]
				if u == nil {
					return true
				}
				pending[next%window] = nil
				next++
				<-slots
				v := *u
				var zero U
				*u = zero // the box keeps nothing alive
				boxes = append(boxes, u)
				if !yield(v) {
					return false
				}
			}
		}
		store := func(d done) {
			var u *U
			if n := len(boxes); n > 0 {
				u, boxes = boxes[n-1], boxes[:n-1]
			} else {
				u = new(U)
			}
			*u = d.u
			pending[d.seq%window] = u
		}
		for {
			select {
			case d, ok := <-results:
				if !ok {
					return
				}
				store(d)
				if !flush() {
					return
				}
			case <-ctx.Done():
			drain:
				for {
					select {
					case d, ok := <-results:
						if !ok {
							break drain
						}
						store(d)
					default:
						break drain
					}
				}
				flush()
				return
			}
		}
	}
}

// Map is Ordered with a stateless function.
func Map[T, U any](ctx context.Context, in iter.Seq[T], o Options, fn func(context.Context, T) U) iter.Seq[U] {
	return Ordered(ctx, in, o, func(context.Context) (Worker[T, U], func()) { return fn, nil })
}

// privateDone is a context whose Done channel belongs to one goroutine. A
// select locks every channel it names, and a blocking one queues on each:
// hundreds of workers selecting on the run's one Done channel, several
// times a value, contend for its lock. Each goroutine of the pool selects on
// its own, closed when the run's context ends; Err, Deadline and Value are
// the run's.
type privateDone struct {
	context.Context
	done chan struct{}
}

func (c *privateDone) Done() <-chan struct{} { return c.done }

// ownDone returns ctx with a private Done channel, and the function that
// lets it go (it is then never closed).
func ownDone(ctx context.Context) (context.Context, func()) {
	if ctx.Done() == nil {
		return ctx, func() {} // never cancelled: nothing to share
	}
	c := &privateDone{Context: ctx, done: make(chan struct{})}
	stop := context.AfterFunc(ctx, func() { close(c.done) })
	return c, func() { stop() }
}
