package resolve

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
)

// scanAll resolves cands, calling at(i) after the i-th result, under a
// generous deadline: a scan that does not end fails on it, not on a clock.
func scanAll(t *testing.T, c *Client, cands []permute.Candidate, at func(i int)) []Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var results []Result
	for r := range c.Resolve(ctx, func(yield func(permute.Candidate) bool) {
		for _, cand := range cands {
			if !yield(cand) {
				return
			}
		}
	}) {
		results = append(results, r)
		if at != nil {
			at(len(results))
		}
	}
	if ctx.Err() != nil {
		t.Fatalf("the scan was still running after 3 minutes (%d of %d results)", len(results), len(cands))
	}
	if len(results) != len(cands) {
		t.Fatalf("%d results for %d names", len(results), len(cands))
	}
	return results
}

// The only resolver stops answering mid-scan: the scan gives up on it and
// ends, every name not decided before is unknown (never unregistered), the
// reason and the warning say the resolvers stopped answering, and Blind
// reports the run.
func TestSilentPoolEndsTheScan(t *testing.T) {
	s := dnstest.New(t)
	cands, registered := poolWorld(20000, 0, s)
	c, warn := newClient(t, func(o *Options) { o.Timeout = 100 * time.Millisecond }, s)
	var tally Tally
	results := scanAll(t, c, cands, func(i int) {
		if i == 300 {
			s.SetDrop(1, 1) // dies: not one reply more
		}
	})
	for _, r := range results {
		tally.Add(r)
	}
	honest(t, results, registered)
	silent := 0
	for _, r := range results {
		if r.Reason == ReasonSilent {
			silent++
			if r.Status != Unknown {
				t.Errorf("%s: %s/%s", r.Domain, r.Status, r.Reason)
			}
		}
	}
	// Only the names in flight when it died can end otherwise (timeouts).
	if silent < len(cands)-1000 {
		t.Errorf("%d of %d names unknown/%s, want all but those decided before it died", silent, len(cands), ReasonSilent)
	}
	if !c.GaveUp() {
		t.Error("GaveUp is false after the only resolver went silent")
	}
	if !hasWarning(warn.all(), "stopped answering") {
		t.Errorf("no warning that the resolvers stopped answering: %q", warn.all())
	}
	if err := c.Blind(tally); !errors.Is(err, ErrBlind) || !strings.Contains(err.Error(), "stopped answering") {
		t.Errorf("Blind = %v, want a blind run whose resolvers stopped answering", err)
	}
	if st := statsOf(t, c, s.Addr()); !st.Silent || !strings.Contains(st.String(), "stopped answering") {
		t.Errorf("pool line %q does not say it stopped answering", st)
	}
	// Nothing more was asked after the give-up than what was in flight.
	sent := c.Stats().Queries
	if sent > 300+int64(len(cands))/4 {
		t.Errorf("%d queries for %d names: the scan kept asking a silent resolver", sent, len(cands))
	}
	t.Logf("%d silent, stats %+v, pool %q", silent, c.Stats(), c.PoolSummary())
}

// One of two resolvers dies mid-scan and comes back later: the other keeps
// the scan going, nothing is given up, every name is decided, and the one
// that came back answers again.
func TestOneSilentResolverIsNotGivenUp(t *testing.T) {
	good, dying := dnstest.New(t), dnstest.New(t)
	cands, registered := poolWorld(1000, 0, good, dying)
	c, warn := newClient(t, func(o *Options) { o.Timeout = 100 * time.Millisecond }, good, dying)
	var answeredBack int64
	start := time.Now()
	results := scanAll(t, c, cands[:800], func(i int) {
		switch i {
		case 100:
			dying.SetDrop(1, 1)
		case 500:
			answeredBack = statsOf(t, c, dying.Addr()).Answered
			dying.SetDrop(0, 1) // back
		}
	})
	if n := honest(t, results, registered); n > 0 {
		t.Errorf("%d names unknown with one resolver answering", n)
	}
	if c.GaveUp() {
		t.Error("gave up on the pool while one resolver answered")
	}
	if hasWarning(warn.all(), "stopped answering") {
		t.Errorf("warned of a silent pool: %q", warn.all())
	}
	// The second part of the scan: the resolver that came back gets work
	// and answers it.
	t.Logf("first part %v", time.Since(start))
	results = scanAll(t, c, cands[800:], nil)
	if n := honest(t, results, registered); n > 0 {
		t.Errorf("%d names unknown after the resolver came back", n)
	}
	if st := statsOf(t, c, dying.Addr()); st.Answered <= answeredBack || st.Silent {
		t.Errorf("the resolver that came back: %v (answered %d when it came back)", st, answeredBack)
	}
	t.Logf("pool %q", c.PoolSummary())
}

func hasWarning(msgs []string, part string) bool {
	for _, m := range msgs {
		if strings.Contains(m, part) {
			return true
		}
	}
	return false
}

// A resolver that answers but drops every query about some names is not a
// silent pool, even when those names are all that is left of the scan and
// no reply comes for several timeouts: it answers the root's NS, so they end
// timeout, and nothing is given up.
func TestDroppedNamesAreNotSilence(t *testing.T) {
	s := dnstest.New(t)
	var cands []permute.Candidate
	dropped := map[string]bool{}
	for i := range 90 {
		name := fmt.Sprintf("tail%02d.com", i)
		if i >= 40 {
			dropped[name] = true
			s.Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Drop})
		}
		cands = append(cands, permute.Candidate{Domain: name, Unicode: name})
	}
	c, warn := newClient(t, func(o *Options) { o.Timeout = 100 * time.Millisecond }, s)
	for _, r := range scanAll(t, c, cands, nil) {
		switch {
		case dropped[r.Domain] && (r.Status != Unknown || r.Reason != ReasonTimeout):
			t.Errorf("%s (dropped): %s/%s, want unknown/%s", r.Domain, r.Status, r.Reason, ReasonTimeout)
		case !dropped[r.Domain] && r.Status != Unregistered:
			t.Errorf("%s: %s/%s", r.Domain, r.Status, r.Reason)
		}
	}
	if c.GaveUp() || hasWarning(warn.all(), "stopped answering") {
		t.Errorf("gave up on a resolver that answers (warnings %q)", warn.all())
	}
	t.Logf("root NS asked %d times (the pool looked silent that often)", s.Count(".", dns.TypeNS))
}
