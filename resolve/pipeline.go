package resolve

import (
	"context"
	"iter"
	"strings"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
)

// maxIdleWorkers bounds the workers kept for Lookup, Probe and the record
// bursts of registered names (a few KB each; sockets belong to the Client).
const maxIdleWorkers = 1024

func (c *Client) getWorker() *worker {
	c.mu.Lock()
	if n := len(c.idle); n > 0 {
		w := c.idle[n-1]
		c.idle = c.idle[:n-1]
		c.mu.Unlock()
		return w
	}
	c.mu.Unlock()
	return c.newWorker()
}

func (c *Client) putWorker(w *worker) {
	c.mu.Lock()
	if !c.closed && len(c.idle) < maxIdleWorkers {
		c.idle = append(c.idle, w)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	w.close()
}

// Lookup decides one name (a lower-case A-label; a trailing dot is ignored),
// for callers that have a name rather than a stream.
func (c *Client) Lookup(ctx context.Context, name string) Result {
	name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	c.ensureProbed(ctx)
	w := c.getWorker()
	defer c.putWorker(w)
	defer w.bind(ctx)()
	return w.resolveOne(ctx, permute.Candidate{Domain: name, Unicode: name})
}

func (w *worker) resolveOne(ctx context.Context, cand permute.Candidate) Result {
	res := Result{Candidate: cand}
	name := strings.TrimSuffix(strings.ToLower(cand.Domain), ".")
	if !names.ValidHost(name) {
		res.Status, res.Reason = Unknown, ReasonBadName
		return res
	}
	reg, suffix := names.Cut(name)
	res.Registrable = reg
	w.aim() // the first resolver asked, drawn by health (pool.go)
	res.Status, res.Reason, res.NS = w.decide(ctx, reg, suffix)
	// A name decided by its parent has dead name servers: its records would
	// only cost timeouts.
	if res.Status == Registered && res.Reason != ReasonParent && w.c.opts.Records {
		w.collect(ctx, name, &res)
	}
	return res
}

// Resolve decides every candidate of in, concurrently, and yields the results
// in input order.
//
// A worker does not start a candidate more than Options.Window ahead of the
// oldest one not yet yielded, so memory stays flat however long
// the stream. When ctx is cancelled, Resolve stops at once: it yields, in
// order, the results already finished (a name interrupted mid-lookup is
// Unknown/cancelled, never Unregistered) and returns. A consumer that breaks
// out of the loop stops the workers the same way. Workers caught inside a
// record lookup finish it in the background (see Close).
func (c *Client) Resolve(ctx context.Context, in iter.Seq[permute.Candidate]) iter.Seq[Result] {
	return func(yield func(Result) bool) {
		c.ensureProbed(ctx)
		c.resolveLanes(ctx, in, yield)
	}
}
