package scan

import (
	"context"
	"fmt"
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
type offers struct {
	byBrand map[string][]judge.Finding
	order   []string // brands in the order first seen
}

func (x *offers) add(f judge.Finding) {
	if x.byBrand == nil {
		x.byBrand = map[string][]judge.Finding{}
	}
	if _, ok := x.byBrand[f.Brand]; !ok {
		x.order = append(x.order, f.Brand)
	}
	x.byBrand[f.Brand] = append(x.byBrand[f.Brand], f)
}

// offer ranks each brand's defend names by the likelihood that someone
// registers them (judge.RankDefend), keeps the first Budget registrable
// domains, and asks the suffix's own servers about each: only a name they
// confirm unregistered reaches the sink's Offer, so that no resolver's word
// alone puts a name on a list to buy.
func (o *Options) offer(ctx context.Context, client *resolve.Client, x *offers, sink Sink, sum *Summary) error {
	brands := map[string]permute.Brand{}
	for _, b := range o.Brands {
		brands[b.Domain] = b
	}
	var examples []string
	for _, brand := range x.order {
		fs := x.byBrand[brand]
		if b, ok := brands[brand]; ok {
			judge.RankDefend(b, fs)
		}
		fs = judge.Budget(fs, o.Budget)
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
