package fanout

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func TestMapKeepsOrder(t *testing.T) {
	in := slices.Values(make([]int, 500))
	i := 0
	seq := func(yield func(int) bool) {
		for range in {
			if !yield(i) {
				return
			}
			i++
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	delays := make([]time.Duration, 500)
	for k := range delays {
		delays[k] = time.Duration(rng.IntN(300)) * time.Microsecond
	}
	var got []int
	for v := range Map(context.Background(), seq, Options{Workers: 8, Window: 16}, func(_ context.Context, v int) int {
		time.Sleep(delays[v])
		return v * 2
	}) {
		got = append(got, v)
	}
	if len(got) != 500 {
		t.Fatalf("got %d values", len(got))
	}
	for k, v := range got {
		if v != k*2 {
			t.Fatalf("position %d holds %d", k, v)
		}
	}
}

func TestMapStopsEarly(t *testing.T) {
	n := 0
	for range Map(context.Background(), slices.Values(make([]int, 10000)), Options{Workers: 4, Window: 8}, func(_ context.Context, v int) int { return v }) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatal(n)
	}
}

func TestMapCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	n := 0
	for range Map(ctx, slices.Values(make([]int, 10000)), Options{Workers: 4, Window: 8}, func(ctx context.Context, v int) int {
		if calls.Add(1) > 10 {
			cancel()
		}
		return v
	}) {
		n++
	}
	if n >= 10000 {
		t.Fatalf("cancel did not stop the stream (%d values)", n)
	}
}

// TestOrderedWorkerState: each goroutine gets its own worker, and its stop
// function runs when the goroutine ends, before the iteration returns.
func TestOrderedWorkerState(t *testing.T) {
	var started, stopped atomic.Int64
	n := 0
	for v := range Ordered(context.Background(), slices.Values(make([]int, 100)), Options{Workers: 3, Window: 6},
		func(context.Context) (Worker[int, int], func()) {
			started.Add(1)
			calls := 0
			return func(_ context.Context, v int) int { calls++; return calls }, func() { stopped.Add(1) }
		}) {
		if v < 1 {
			t.Fatalf("worker state lost: %d", v)
		}
		n++
	}
	if n != 100 || started.Load() != 3 || stopped.Load() != 3 {
		t.Fatalf("%d values, %d workers started, %d stopped; want 100, 3, 3", n, started.Load(), stopped.Load())
	}
}

// TestOrderedWindow: while the head of the line is held, no more than
// Window values are started.
func TestOrderedWindow(t *testing.T) {
	var started atomic.Int64
	gate := make(chan struct{})
	go func() {
		// Release the head once starting has settled; releasing early can
		// only make the check easier to pass, never fail a correct pool.
		last := int64(-1)
		for started.Load() != last {
			last = started.Load()
			time.Sleep(20 * time.Millisecond)
		}
		if got := started.Load(); got > 5 {
			t.Errorf("%d values started while the first was held, window is 5", got)
		}
		close(gate)
	}()
	n := 0
	for range Map(context.Background(), slices.Values(make([]int, 50)), Options{Workers: 3, Window: 5}, func(_ context.Context, v int) int {
		if started.Add(1) == 1 {
			<-gate
		}
		return v
	}) {
		n++
	}
	if n != 50 {
		t.Fatalf("%d values, want 50", n)
	}
}

// BenchmarkMap is the cost of the pool itself on a value: the hand-offs to
// and from the workers and the reordering. Run with -benchmem: the results
// held back are boxed in reused boxes, so a value allocates nothing.
func BenchmarkMap(b *testing.B) {
	type result struct {
		a, b, c string
		n       [16]int
	}
	in := func(yield func(int) bool) {
		for i := range b.N {
			if !yield(i) {
				return
			}
		}
	}
	b.ReportAllocs()
	n := 0
	for r := range Map(context.Background(), in, Options{Workers: 256, Window: 1 << 16}, func(_ context.Context, v int) result {
		return result{a: "x", n: [16]int{v}}
	}) {
		n += r.n[0]&1 + len(r.a) + len(r.b) + len(r.c)
	}
	_ = n
}
