package scan

import (
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/lookalike/lookalike/internal/fanout"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// unconfirmedExamples is how many unconfirmed names the warning names.
const unconfirmedExamples = 3

// offers holds the defend findings of a run, by brand, until the run is
// complete: only then can they be ranked, cut to the budget and confirmed.
// With a budget, each brand keeps only its best few on a bounded heap, so
// memory follows the budget, not the number of names; without one (Budget
// 0, every defend name offered) it grows with them.
type offers struct {
	budget  int
	brands  map[string]permute.Brand
	byBrand map[string]*offerHeap
	order   []string // brands in the order first seen
}

// offerCap is how many findings a brand keeps for a budget of n registrable
// domains: a little more than n, since a few candidates share one.
func offerCap(n int) int { return 2*n + 16 }

type offer struct {
	f     judge.Finding
	prior float64
}

// offerHeap is a min-heap on the defend order: its root is the weakest kept.
type offerHeap []offer

func (h offerHeap) Len() int { return len(h) }
func (h offerHeap) Less(i, j int) bool {
	return judge.CompareDefend(h[i].f, h[j].f, h[i].prior, h[j].prior) > 0
}
func (h offerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *offerHeap) Push(x any)   { *h = append(*h, x.(offer)) }
func (h *offerHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (x *offers) add(f judge.Finding) {
	if x.byBrand == nil {
		x.byBrand = map[string]*offerHeap{}
	}
	h := x.byBrand[f.Brand]
	if h == nil {
		h = &offerHeap{}
		x.byBrand[f.Brand] = h
		x.order = append(x.order, f.Brand)
	}
	o := offer{f: f}
	if b, ok := x.brands[f.Brand]; ok {
		o.prior = judge.Prior(b, f.Candidate).Score
	}
	if x.budget <= 0 || h.Len() < offerCap(x.budget) {
		heap.Push(h, o)
		return
	}
	if judge.CompareDefend(o.f, (*h)[0].f, o.prior, (*h)[0].prior) < 0 {
		(*h)[0] = o
		heap.Fix(h, 0)
	}
}

// ranked returns a brand's kept findings, best first.
func (x *offers) ranked(brand string) []judge.Finding {
	h := *x.byBrand[brand]
	slices.SortFunc(h, func(a, b offer) int { return judge.CompareDefend(a.f, b.f, a.prior, b.prior) })
	out := make([]judge.Finding, len(h))
	for i, o := range h {
		out[i] = o.f
	}
	return out
}

// newOffers is the collector of a run's defend findings.
func (o *Options) newOffers() *offers {
	x := &offers{budget: o.Budget, brands: map[string]permute.Brand{}}
	for _, b := range o.Brands {
		x.brands[b.Domain] = b
	}
	return x
}

// offer ranks each brand's defend names by the likelihood that someone
// registers them (judge.Prior, judge.CompareDefend), keeps the first Budget registrable
// domains, and asks the suffix's own servers about each: only a name they
// confirm unregistered reaches the sink's Offer, so that no resolver's word
// alone puts a name on a list to buy.
func (o *Options) offer(ctx context.Context, client *resolve.Client, x *offers, sink Sink, sum *Summary) error {
	var examples []string
	for _, brand := range x.order {
		fs := judge.Budget(x.ranked(brand), o.Budget)
		confirmed := o.confirm(ctx, client, fs)
		for _, f := range fs {
			if err := ctx.Err(); err != nil {
				return err
			}
			reg := registrableOf(f)
			if st := confirmed[reg]; st.status != resolve.Unregistered {
				sum.Unconfirmed++
				if len(examples) < unconfirmedExamples {
					examples = append(examples, fmt.Sprintf("%s: %s %s", f.Domain, st.status, st.reason))
				}
				continue
			}
			sum.Offered++
			if err := sink.Offer(f); err != nil {
				return err
			}
		}
	}
	if sum.Unconfirmed > 0 {
		o.warn(fmt.Sprintf("%d defend name(s) not offered for registration: the servers of their suffix did not confirm them free (%s)",
			sum.Unconfirmed, strings.Join(examples, "; ")))
	}
	return nil
}

type confirmation struct {
	status resolve.Status
	reason string
}

// confirm asks about each distinct registrable domain once, a few at a time.
func (o *Options) confirm(ctx context.Context, client *resolve.Client, fs []judge.Finding) map[string]confirmation {
	var regs []string
	seen := map[string]bool{}
	for _, f := range fs {
		if r := registrableOf(f); !seen[r] {
			seen[r] = true
			regs = append(regs, r)
		}
	}
	out := make(map[string]confirmation, len(regs))
	type answer struct {
		reg string
		c   confirmation
	}
	in := func(yield func(string) bool) {
		for _, r := range regs {
			if !yield(r) {
				return
			}
		}
	}
	for a := range fanout.Map(ctx, in, fanout.Options{Workers: 16, Window: 64}, func(ctx context.Context, reg string) answer {
		st, why := client.ConfirmUnregistered(ctx, reg)
		return answer{reg, confirmation{st, why}}
	}) {
		out[a.reg] = a.c
	}
	return out
}

func registrableOf(f judge.Finding) string {
	if f.Registrable != "" {
		return f.Registrable
	}
	return f.Domain
}
