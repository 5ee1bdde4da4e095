package main

import (
	"context"
	"iter"
	"sync"
)

// orderedMap applies fn to every value of in with up to workers goroutines
// and yields the results in input order. At most window values are in flight,
// so memory stays bounded however long one call takes. When ctx ends or the
// consumer stops, the goroutines finish and exit before orderedMap returns.
func orderedMap[T, U any](ctx context.Context, in iter.Seq[T], workers, window int, fn func(context.Context, T) U) iter.Seq[U] {
	return func(yield func(U) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type job struct {
			i int
			v T
		}
		type out struct {
			i int
			u U
		}
		jobs := make(chan job)
		outs := make(chan out, workers)
		slots := make(chan struct{}, window)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // feeder
			defer wg.Done()
			defer close(jobs)
			i := 0
			for v := range in {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- job{i, v}:
				case <-ctx.Done():
					return
				}
				i++
			}
		}()
		var workersWG sync.WaitGroup
		for range workers {
			workersWG.Add(1)
			go func() {
				defer workersWG.Done()
				for j := range jobs {
					u := fn(ctx, j.v)
					select {
					case outs <- out{j.i, u}:
					case <-ctx.Done():
						return
					}
				}
			}()
		}
		go func() { workersWG.Wait(); close(outs) }()
		defer func() {
			cancel()
			for range outs { // let blocked workers finish
			}
			wg.Wait()
		}()
		pending := map[int]U{}
		next := 0
		for o := range outs {
			pending[o.i] = o.u
			for {
				u, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				<-slots
				if !yield(u) {
					return
				}
			}
		}
	}
}
