package resolve

import (
	"context"
	"errors"
	"sync"
)

// flightCache computes a value once per key while many workers ask for it:
// the first caller fills it, the others wait. A fill that says keep=false
// (a timeout, a cancellation) is forgotten so the next caller tries again.
type flightCache[T any] struct {
	mu sync.Mutex
	m  map[string]*flight[T]
}

type flight[T any] struct {
	done chan struct{}
	val  T
	err  error
}

func (fc *flightCache[T]) get(ctx context.Context, key string, fill func() (T, bool, error)) (T, error) {
	for {
		fc.mu.Lock()
		if fc.m == nil {
			fc.m = make(map[string]*flight[T])
		}
		f, ok := fc.m[key]
		if !ok {
			f = &flight[T]{done: make(chan struct{})}
			fc.m[key] = f
		}
		fc.mu.Unlock()
		if !ok {
			val, keep, err := fill()
			f.val, f.err = val, err
			if !keep {
				fc.mu.Lock()
				delete(fc.m, key)
				fc.mu.Unlock()
			}
			close(f.done)
			return val, err
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		// The filler's own cancellation is no answer for a caller still running.
		if (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) && ctx.Err() == nil {
			continue
		}
		return f.val, f.err
	}
}
