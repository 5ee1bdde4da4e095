package main

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func TestOrderedMapKeepsOrder(t *testing.T) {
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
	for v := range orderedMap(context.Background(), seq, 8, 16, func(_ context.Context, v int) int {
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

func TestOrderedMapStopsEarly(t *testing.T) {
	n := 0
	for range orderedMap(context.Background(), slices.Values(make([]int, 10000)), 4, 8, func(_ context.Context, v int) int { return v }) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatal(n)
	}
}

func TestOrderedMapCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int64
	n := 0
	for range orderedMap(ctx, slices.Values(make([]int, 10000)), 4, 8, func(ctx context.Context, v int) int {
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
