package resolve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/time/rate"
)

// The resolver pool. Each server keeps its health (queries sent, answered,
// lost, SERVFAIL and REFUSED, its RTT), and two things follow from it:
//
//   - which resolver a name is asked first: a weighted draw, the weight the
//     share of attempts answered (SERVFAIL counting half), squared, over the
//     smoothed RTT, so a slow or
//     failing resolver gets little work and a dead one a trickle (1 % of the
//     best weight) that shows when it comes back; liars are not in the pool;
//   - how fast it is asked: when the share of attempts lost or refused rises
//     above backoffLoss within a period, its rate is cut to 70 % of what it
//     was sent (never below minRate) and raised again by a quarter each
//     quiet period. The scan then slows down instead of turning names into
//     unknowns; Options.ResolverRate is the ceiling it climbs back to.

const (
	adjustPeriod = 250 * time.Millisecond
	// backoffLoss: lost or refused attempts in a period above which a
	// server's rate is cut. Random loss the resends recover from does not
	// count: only attempts that ended without a reply do.
	backoffLoss = 0.05
	// minSample: attempts a period needs before its loss says anything.
	minSample = 20
	// minRate: the floor of a backed-off server, queries a second.
	minRate = 20
)

// weightRTTFloor: RTTs under it weigh the same.
const weightRTTFloor = 5 * time.Millisecond

// health is what a server has shown so far, updated without locks.
type health struct {
	addr string
	// every datagram, resends included; resends; attempts that got no reply
	sent, resent, lost         atomic.Int64
	replies, servfail, refused atomic.Int64

	ceiling float64 // Options.ResolverRate, or +Inf
	lim     atomic.Pointer[rate.Limiter]
	mu      sync.Mutex // one adjustment at a time
	last    atomic.Int64
	// the counters at the last adjustment
	lastAttempts, lastFailed int64
	backoffs                 atomic.Int64
	srtt                     atomic.Int64 // ns, smoothed over answered queries

	// For the silent pool (silent.go): when it last answered (or was made,
	// before any answer), when an attempt last went unanswered, and how many
	// have since its last answer.
	lastReply, lastLost, lostRun atomic.Int64
}

func newHealth(addr string, ceiling float64) *health {
	h := &health{addr: addr, ceiling: math.Inf(1)}
	if ceiling > 0 {
		h.ceiling = ceiling
		h.lim.Store(rate.NewLimiter(rate.Limit(ceiling), max(1, int(ceiling/10))))
	}
	now := time.Now().UnixNano()
	h.last.Store(now)
	h.lastReply.Store(now)
	return h
}

// answered counts a reply of any rcode, received at now (Unix ns).
func (h *health) answered(rcode int, rtt time.Duration, now int64) {
	h.replies.Add(1)
	h.lastReply.Store(now)
	if h.lostRun.Load() != 0 {
		h.lostRun.Store(0)
	}
	switch rcode {
	case dns.RcodeServerFailure:
		h.servfail.Add(1)
	case dns.RcodeRefused:
		h.refused.Add(1)
	}
	r := int64(rtt)
	if s := h.srtt.Load(); s == 0 {
		h.srtt.Store(r)
	} else {
		h.srtt.Store((7*s + r) / 8)
	}
}

// healthFor is the health of addr, kept for the Client's life (after Close
// too, for the summary); c.smu is held.
func (c *Client) healthFor(addr string) *health {
	h, ok := c.health[addr]
	if !ok {
		h = newHealth(addr, c.opts.ResolverRate)
		c.health[addr] = h
	}
	return h
}

// poolSize is the number of resolvers given, which sizes each one's sockets.
func (c *Client) poolSize() int { return len(c.opts.Resolvers) }

// admit waits for the overall rate and the server's own; errSilent if the
// pool goes silent meanwhile.
func (h *health) admit(ctx context.Context, c *Client) error {
	if c.limiter != nil {
		if err := c.wait(ctx, c.limiter); err != nil {
			return err
		}
	}
	if now := time.Now().UnixNano(); now-h.last.Load() > int64(adjustPeriod) {
		h.adjust(now)
	}
	if lim := h.lim.Load(); lim != nil {
		return c.wait(ctx, lim)
	}
	return nil
}

// errWaitTooLong: a rate limit would hold the query past ctx's deadline.
var errWaitTooLong = errors.New("rate limit wait exceeds the deadline")

// wait is lim.Wait(ctx) that also ends when the pool goes silent: a resolver
// backed off to minRate would otherwise hold hundreds of waiting queries for
// many seconds after the scan has given up on it.
func (c *Client) wait(ctx context.Context, lim *rate.Limiter) error {
	r := lim.Reserve()
	if !r.OK() {
		return lim.Wait(ctx)
	}
	d := r.Delay()
	if d == 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		r.Cancel()
		return errWaitTooLong
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	case <-c.silentCh:
		r.Cancel()
		return errSilent
	}
}

// adjust is the back-off: multiplicative decrease on loss, additive-ish
// increase when quiet (AIMD, as TCP and massdns's adaptive mode do).
func (h *health) adjust(now int64) {
	if !h.mu.TryLock() {
		return
	}
	defer h.mu.Unlock()
	last := h.last.Load()
	if now-last <= int64(adjustPeriod) {
		return
	}
	failed := h.lost.Load() + h.refused.Load()
	attempts := h.replies.Load() + h.lost.Load()
	da, df := attempts-h.lastAttempts, failed-h.lastFailed
	if da < minSample {
		return // too little to judge; keep accumulating
	}
	h.last.Store(now)
	h.lastAttempts, h.lastFailed = attempts, failed
	sentRate := float64(da) / (float64(now-last) / float64(time.Second))
	lim := h.lim.Load()
	cur := math.Inf(1)
	if lim != nil {
		cur = float64(lim.Limit())
	}
	switch loss := float64(df) / float64(da); {
	case loss > backoffLoss:
		next := max(minRate, 0.7*min(cur, sentRate))
		if lim == nil {
			h.lim.Store(rate.NewLimiter(rate.Limit(next), max(1, int(next/10))))
		} else {
			lim.SetLimit(rate.Limit(next))
		}
		h.backoffs.Add(1)
	case lim != nil && cur < h.ceiling:
		next := cur * 1.25
		switch {
		case math.IsInf(h.ceiling, 1) && next > 2*sentRate:
			h.lim.Store(nil) // no longer binding: the cap goes
		case next >= h.ceiling:
			lim.SetLimit(rate.Limit(h.ceiling))
		default:
			lim.SetLimit(rate.Limit(next))
		}
	}
}

// weight is the draw weight of a server: answered share squared over RTT.
func (h *health) weight() float64 {
	replies, lost, refused := h.replies.Load(), h.lost.Load(), h.refused.Load()
	attempts := replies + lost
	ok := 1.0
	if attempts > 0 {
		// SERVFAIL may be the zone's fault (a lame delegation), not the
		// resolver's: it counts half.
		ok = (float64(replies-refused) - float64(h.servfail.Load())/2) / float64(attempts)
		ok = max(ok, 0)
	}
	// Below a few milliseconds RTTs are noise (a loopback or LAN resolver
	// at 0.1 or 1 ms is as good as another); above, they tell.
	rtt := float64(max(h.srtt.Load(), int64(weightRTTFloor)))
	if h.srtt.Load() == 0 {
		rtt = float64(initialRTO) / 10 // unmeasured: neither favoured nor shunned
	}
	return ok * ok / rtt
}

// picker is a snapshot of the resolvers' weights for the first-resolver draw.
type picker struct {
	resolvers []string
	cum       []float64
	at        int64
}

// aim makes the worker's next decide start at a resolver drawn by weight:
// decide asks resolvers[(w.id+w.turn)%n] first and the next ones in order
// on retries.
func (w *worker) aim() {
	c := w.c
	p := c.picker.Load()
	now := time.Now().UnixNano()
	resolvers, _ := c.activeResolvers()
	if len(resolvers) < 2 {
		return
	}
	if p == nil || now-p.at > int64(adjustPeriod) || !slices.Equal(p.resolvers, resolvers) {
		p = c.newPicker(resolvers, now)
	}
	// A golden-ratio sequence instead of a random draw: shares come out as
	// weighted even over a handful of names, and equal weights alternate.
	k := c.picks.Add(1) - 1
	x := math.Mod(float64(k)*0.6180339887498949, 1) * p.cum[len(p.cum)-1]
	i, _ := slices.BinarySearch(p.cum, x)
	i = min(i, len(resolvers)-1)
	n := len(resolvers)
	w.turn = ((i-w.id)%n + n) % n
}

func (c *Client) newPicker(resolvers []string, now int64) *picker {
	ws := make([]float64, len(resolvers))
	best := 0.0
	c.smu.Lock()
	for i, r := range resolvers {
		ws[i] = c.healthFor(r).weight()
		best = max(best, ws[i])
	}
	c.smu.Unlock()
	p := &picker{resolvers: resolvers, cum: make([]float64, len(resolvers)), at: now}
	sum := 0.0
	for i, wt := range ws {
		sum += max(wt, best/100, 1e-300)
		p.cum[i] = sum
	}
	c.picker.Store(p)
	return p
}

// ResolverStats is one resolver's health, for the summary.
type ResolverStats struct {
	Addr string
	// Queries: datagrams sent (resends included); Answered: replies of any
	// rcode; Lost: attempts that ended without a reply.
	Queries, Answered, Lost int64
	Servfail, Refused       int64
	// RTT is the smoothed round trip of answered queries.
	RTT time.Duration
	// Share is the part of first attempts it gets now (0-1).
	Share float64
	// Limit is its rate cap now, queries a second; 0 means none.
	Limit float64
	// Backoffs: times its rate was cut because its loss rose.
	Backoffs int64
	// Dropped: it lied to a probe and gets no work.
	Dropped bool
	// Silent: no reply for silentSpan while queries went unanswered (the
	// scan gives up once every resolver in use is silent).
	Silent bool
}

// PoolStats returns each resolver's health: those in use in their order,
// then those dropped.
func (c *Client) PoolStats() []ResolverStats {
	c.mu.Lock()
	inUse, dropped := slices.Clone(c.resolvers), slices.Clone(c.dropped)
	c.mu.Unlock()
	var out []ResolverStats
	var p *picker
	if len(inUse) > 1 {
		p = c.newPicker(inUse, time.Now().UnixNano())
	}
	for i, r := range inUse {
		s := c.resolverStats(r)
		s.Share = 1
		if p != nil {
			prev := 0.0
			if i > 0 {
				prev = p.cum[i-1]
			}
			s.Share = (p.cum[i] - prev) / p.cum[len(p.cum)-1]
		}
		out = append(out, s)
	}
	for _, r := range dropped {
		s := c.resolverStats(r)
		s.Dropped = true
		out = append(out, s)
	}
	return out
}

func (c *Client) resolverStats(addr string) ResolverStats {
	c.smu.Lock()
	h := c.healthFor(addr)
	c.smu.Unlock()
	s := ResolverStats{
		Addr: addr, Queries: h.sent.Load(), Answered: h.replies.Load(), Lost: h.lost.Load(),
		Servfail: h.servfail.Load(), Refused: h.refused.Load(), RTT: time.Duration(h.srtt.Load()),
		Backoffs: h.backoffs.Load(),
		Silent:   h.silent(c.silentSpan()),
	}
	if lim := h.lim.Load(); lim != nil {
		s.Limit = float64(lim.Limit())
	}
	return s
}

// String is one line for the summary: "127.0.0.1:53 12034 q, 99.9% answered,
// 0.3 ms, servfail 0.1%, share 62%".
func (s ResolverStats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d q", s.Addr, s.Queries)
	if s.Dropped {
		b.WriteString(", dropped: answers for names that do not exist")
		return b.String()
	}
	if attempts := s.Answered + s.Lost; attempts > 0 {
		fmt.Fprintf(&b, ", %.1f%% answered", 100*float64(s.Answered)/float64(attempts))
	}
	if s.RTT > 0 {
		fmt.Fprintf(&b, ", %.1f ms", float64(s.RTT)/float64(time.Millisecond))
	}
	if s.Answered > 0 && s.Servfail > 0 {
		fmt.Fprintf(&b, ", servfail %.1f%%", 100*float64(s.Servfail)/float64(s.Answered))
	}
	if s.Answered > 0 && s.Refused > 0 {
		fmt.Fprintf(&b, ", refused %.1f%%", 100*float64(s.Refused)/float64(s.Answered))
	}
	if s.Silent {
		b.WriteString(", stopped answering")
	}
	fmt.Fprintf(&b, ", share %.0f%%", 100*s.Share)
	if s.Backoffs > 0 {
		fmt.Fprintf(&b, ", slowed %d times (now %.0f q/s)", s.Backoffs, s.Limit)
	}
	return b.String()
}

// PoolSummary is PoolStats as lines, the busiest first, for stderr.
func (c *Client) PoolSummary() []string {
	st := c.PoolStats()
	slices.SortStableFunc(st, func(a, b ResolverStats) int {
		if a.Dropped != b.Dropped {
			if a.Dropped {
				return 1
			}
			return -1
		}
		return cmp.Compare(b.Queries, a.Queries)
	})
	out := make([]string, len(st))
	for i, s := range st {
		out[i] = s.String()
	}
	return out
}
