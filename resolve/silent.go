package resolve

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// The silent pool. A resolver that dies mid-scan (stops answering at all)
// is backed off to minRate by the pool, which is right while others answer:
// it gets a trickle, and it gets its share back when it answers again. When
// every resolver in use has gone silent, though, the back-off only stretches
// the rest of the scan into hours of timeouts. So once each of them has gone
// silentSpan without a single reply while attempts to it went unanswered
// (at least silentLosses in a row), the Client asks each of them once for
// the root's NS, past the rate limits: a question any resolver answers at
// once, where the queries that went unanswered may all be ones it drops (the
// last names of a scan can all be such names). If none answers that either,
// the Client gives up: it sends nothing more, every name not yet decided
// ends Unknown/resolvers-silent at once, a warning says so, and Blind
// reports the run as blind.
//
// A resolver that answers again before the whole pool is silent is simply
// no longer silent: one answering resolver keeps the scan going.

// errSilent: the Client gave up because no resolver answers any more.
var errSilent = errors.New("every resolver stopped answering")

// silentLosses: unanswered attempts in a row, since the last reply, before a
// resolver can count as silent (one lost query after a long pause is not).
const silentLosses = 3

// silentSpan is how long a resolver must go without any reply, while its
// queries go unanswered, to count as silent: several timeouts, so that a
// resolver merely slow, or a burst of loss that resends recover from, is not.
func (c *Client) silentSpan() time.Duration { return 5 * c.timeout }

// silent says whether h has gone span without a reply while attempts to it
// went unanswered.
func (h *health) silent(span time.Duration) bool {
	return h.lostRun.Load() >= silentLosses && h.lastLost.Load()-h.lastReply.Load() > int64(span)
}

// lostOne counts an attempt to h that ended without a reply, at now, and
// gives up on the pool if every resolver in use is now silent.
func (c *Client) lostOne(h *health, now int64) {
	h.lost.Add(1)
	h.lostRun.Add(1)
	h.lastLost.Store(now)
	if c.silent.Load() || !h.silent(c.silentSpan()) {
		return
	}
	c.checkSilent(now)
}

// checkSilent gives up if every resolver in use is silent.
func (c *Client) checkSilent(now int64) {
	resolvers, _ := c.activeResolvers()
	if len(resolvers) == 0 {
		return
	}
	span := c.silentSpan()
	c.smu.Lock()
	for _, r := range resolvers {
		h, ok := c.health[r]
		if !ok || !h.silent(span) {
			c.smu.Unlock()
			return
		}
	}
	c.smu.Unlock()
	if !c.confirming.CompareAndSwap(false, true) {
		return // a confirmation is under way
	}
	c.background.Add(1)
	go c.confirmSilent(resolvers)
}

// confirmSilent asks every resolver of the silent pool for the root's NS
// and gives up on the pool only if none answers.
func (c *Client) confirmSilent(resolvers []string) {
	defer c.background.Done()
	defer c.confirming.Store(false)
	w := c.getWorker()
	defer c.putWorker(w)
	w.pastLimits = true
	defer func() { w.pastLimits = false }()
	for _, r := range resolvers {
		if _, err := w.exchange(context.Background(), r, ".", dns.TypeNS, true); err == nil {
			return // it answers: the queries lost were ones it drops
		}
	}
	span := c.silentSpan()
	c.smu.Lock()
	for _, r := range resolvers {
		if h, ok := c.health[r]; !ok || !h.silent(span) {
			c.smu.Unlock()
			return // one answered meanwhile
		}
	}
	c.smu.Unlock()
	if !c.silent.CompareAndSwap(false, true) {
		return
	}
	close(c.silentCh)
	c.warn(fmt.Sprintf("every resolver (%s) stopped answering: no reply for over %s while queries were sent; "+
		"the names not yet decided are unknown (%s) and nothing more is asked", strings.Join(resolvers, ", "), span, ReasonSilent))
}

// GaveUp says whether the Client stopped asking because every resolver in
// use went silent.
func (c *Client) GaveUp() bool { return c.silent.Load() }
