package scan

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
)

// ErrNotify wraps a notifier's failure: the results were saved, but someone
// who should have heard of the changes did not.
var ErrNotify = errors.New("results saved, but a notification failed")

// Run scans what o names and hands every finding to sink, in input order.
//
// The returned Summary is never nil once the input was read, even with an
// error, so that a caller can report what was done. When ctx ends, the
// findings made so far are finished in the sink (a partial but consistent
// output), the run stays incomplete in the store, and Run returns ctx's
// error. Bad input lines do not stop the run; they make its error an input
// error at the end, after everything else succeeded.
func Run(ctx context.Context, o Options, sink Sink) (*Summary, error) {
	in, err := o.input(ctx)
	if err != nil {
		return nil, err
	}
	if in.cleanup != nil {
		defer in.cleanup()
	}
	for _, e := range in.bad.First {
		o.lineError(e)
	}
	sum := &Summary{
		Total: in.total, Brands: o.Brands, LineErrors: in.bad,
		Status: map[resolve.Status]int{}, Reasons: map[string]int{}, Verdicts: map[judge.Verdict]int{},
	}
	var run *history.Run
	if o.Store != nil {
		if len(o.Brands) == 0 {
			return sum, inputErrorf("a run kept in the state needs the brand to file the names under: lookalike scan BRAND --candidates FILE --state FILE")
		}
		if run, err = o.begin(); err != nil {
			return sum, fmt.Errorf("state: %w", err)
		}
	}
	ropt := o.Resolve
	if len(ropt.Canaries) == 0 {
		ropt.Canaries = o.canaries()
	}
	client, err := resolve.New(ropt)
	if err != nil {
		return sum, err
	}
	defer client.Close()
	if err := client.Probe(ctx, in.suffixes); err != nil {
		if ctx.Err() != nil {
			return sum, ctx.Err()
		}
		return sum, err
	}
	j, err := o.profiles(ctx, client, o.now())
	if err != nil {
		return sum, err
	}
	x := o.newOffers()
	werr := o.judgeAll(ctx, client, j, in, run, sink, sum, x)
	if werr == nil && !sum.Interrupted {
		// A run that could not see the DNS says so, and is no baseline.
		werr = client.Blind(sum.tally)
	}
	if werr == nil && !sum.Interrupted {
		werr = o.offer(ctx, client, x, sink, sum)
		sum.Interrupted = ctx.Err() != nil
	}
	// A run is a baseline only if it saw every name: an interrupted or failed
	// one stays incomplete in the store.
	if run != nil && werr == nil && !sum.Interrupted {
		werr = o.finish(run, sum)
	}
	if werr != nil {
		sink.Abort()
		return sum, werr
	}
	if err := sink.Finish(sum); err != nil {
		return sum, err
	}
	if sum.Interrupted {
		return sum, ctx.Err()
	}
	// Notifications go out after the results are saved. With a store, what
	// could not be delivered stays there for the next run (or lookalike
	// notify) to deliver; nothing owed is dropped.
	if err := o.deliver(ctx, run, sum); err != nil {
		return sum, err
	}
	return sum, sum.LineErrors.Err()
}

// begin starts the run in the store: one run, or this process's shard of
// the named run the shards share.
func (o *Options) begin() (*history.Run, error) {
	if o.Shard.Count < 2 {
		return o.Store.BeginRun(brandDomains(o.Brands), o.Command)
	}
	return o.Store.BeginShard(o.SharedRunName(), o.Shard.Index, o.Shard.Count, brandDomains(o.Brands), o.Command)
}

// SharedRunName is the run the shards share: RunName, or one derived from
// the day and the brand set, so that shards started the same night agree.
func (o *Options) SharedRunName() string {
	if o.RunName != "" {
		return o.RunName
	}
	return history.DefaultRunName(o.now(), brandDomains(o.Brands))
}

// finish marks the run (or this shard) complete. Only the process whose
// shard completes the whole run computes its changes, and keeps them as a
// notification owed when there is someone to notify.
func (o *Options) finish(run *history.Run, sum *Summary) error {
	if err := run.Finish(run.Counts()); err != nil {
		return err
	}
	sum.Stored = true
	if o.Shard.Count > 1 && !run.Completed() {
		return nil
	}
	sum.RunComplete = true
	var err error
	if sum.Changes, sum.Baselines, err = collectChanges(o.Store, o.Brands); err != nil {
		return err
	}
	for _, c := range sum.firstSeen {
		if !slices.Contains(sum.Baselines, c.Brand) {
			c.Run = run.ID
			sum.Changes = append(sum.Changes, c)
		}
	}
	history.SortChanges(sum.Changes)
	if o.Notify != nil && len(sum.Changes) > 0 {
		if _, err := o.Store.AddNotification(run.ID, sum.Changes); err != nil {
			return err
		}
	}
	return nil
}

// deliver sends what is owed: with a store, every pending notification (this
// run's and any a failed delivery left), marking each delivered; without
// one, this run's changes.
func (o *Options) deliver(ctx context.Context, run *history.Run, sum *Summary) error {
	if o.Notify == nil {
		return nil
	}
	var err error
	if run != nil {
		_, err = history.DeliverPending(o.Store, func(n history.Notification) error { return o.Notify(ctx, n.Changes) })
	} else if len(sum.Changes) > 0 {
		err = o.Notify(ctx, sum.Changes)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotify, err)
	}
	return nil
}

// judgeAll resolves and judges every name, in input order, into the store
// and the sink; it returns the first write error.
func (o *Options) judgeAll(ctx context.Context, client *resolve.Client, j *judger, in *input, run *history.Run, sink Sink, sum *Summary, x *offers) error {
	progress := func(resolve.Status) {}
	if o.Progress != nil {
		progress = o.Progress(in.total)
	}
	start := time.Now()
	defer func() {
		sum.Elapsed = time.Since(start)
		sum.Interrupted = ctx.Err() != nil
		sum.Resolver = client.Stats()
		sum.Pool = client.PoolSummary()
	}()
	ws, err := o.startWeb(ctx, j)
	if err != nil {
		return err
	}
	defer ws.close()
	prev, err := o.lastKnown()
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	for f := range ws.findings(ctx, j.findings(ctx, o.confirmFlips(ctx, client, prev, client.Resolve(ctx, in.seq)))) {
		sum.add(&f)
		o.firstSeen(prev, &f, sum)
		progress(f.Status)
		if run != nil {
			if err := run.Add(Observation(&f)); err != nil {
				return fmt.Errorf("state: %w", err)
			}
		}
		if err := sink.Add(f); err != nil {
			return err
		}
		if offered(&f) {
			x.add(f)
		}
	}
	return nil
}

// canaries are the names known to be registered: the brands and their
// portfolio. A resolver that denies one is dropped (resolve's canaries weigh
// the evidence first; a lapsed portfolio name is only a warning).
func (o *Options) canaries() []string {
	var out []string
	for _, b := range o.Brands {
		out = append(out, b.Domain)
	}
	for _, p := range slices.Sorted(maps.Keys(o.Portfolio)) {
		if o.Portfolio[p] {
			out = append(out, p)
		}
	}
	return out
}

func (o *Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

func (s *Summary) add(f *judge.Finding) {
	s.Done++
	s.Status[f.Status]++
	if f.Status == resolve.Unknown {
		s.Reasons[f.Reason]++
	}
	s.Verdicts[f.Verdict]++
	s.tally.Add(f.Result)
}

func (o *Options) warn(msg string) {
	if o.Warn != nil {
		o.Warn(msg)
	}
}

func (o *Options) lineError(err error) {
	if o.LineError != nil {
		o.LineError(err)
	}
}
