package resolve

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
)

// poolWorld scripts n names on each server: even ones delegated, odd ones
// not (the default, NXDOMAIN, unless a server's default says otherwise).
func poolWorld(n int, delay time.Duration, servers ...*dnstest.Server) ([]permute.Candidate, map[string]bool) {
	var cands []permute.Candidate
	registered := map[string]bool{}
	for i := range n {
		name := fmt.Sprintf("pool%04d.com", i)
		cands = append(cands, permute.Candidate{Domain: name, Unicode: name})
		if i%2 == 0 {
			registered[name] = true
			for _, s := range servers {
				s.Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS(name, "ns.host.example"), Delay: delay})
			}
		}
	}
	return cands, registered
}

// honest checks that no name got the opposite of the truth, and counts the
// unknown ones.
func honest(t *testing.T, results []Result, registered map[string]bool) (unknown int) {
	t.Helper()
	for _, r := range results {
		switch {
		case r.Status == Unregistered && registered[r.Domain]:
			t.Errorf("%s is registered, came out unregistered", r.Domain)
		case r.Status == Registered && !registered[r.Domain]:
			t.Errorf("%s is not registered, came out registered (%s)", r.Domain, r.Reason)
		case r.Status == Unknown:
			unknown++
		}
	}
	return unknown
}

func statsOf(t *testing.T, c *Client, addr string) ResolverStats {
	t.Helper()
	for _, s := range c.PoolStats() {
		if s.Addr == addr {
			return s
		}
	}
	t.Fatalf("%s not in PoolStats %v", addr, c.PoolStats())
	return ResolverStats{}
}

// Three resolvers: one slow but honest, one refusing everything, one
// inventing answers. The liar gets nothing after the probe, the refusing one
// less and less, and every name is still decided by the honest one.
func TestPoolSlowRefusingLying(t *testing.T) {
	slow, refusing, lying := dnstest.New(t), dnstest.New(t), dnstest.New(t)
	cands, registered := poolWorld(300, 5*time.Millisecond, slow)
	slow.SetDefault(dnstest.Rule{Kind: dnstest.NXDomain, Delay: 5 * time.Millisecond})
	refusing.SetDefault(dnstest.Rule{Kind: dnstest.Refused})
	lying.Lie("192.0.2.66")
	c, warn := newClient(t, func(o *Options) { o.Timeout = time.Second }, slow, refusing, lying)
	if err := c.Probe(context.Background(), []string{"com"}); err != nil {
		t.Fatal(err)
	}
	liedTo := lying.Queries()
	var results []Result
	for r := range c.Resolve(context.Background(), func(yield func(permute.Candidate) bool) {
		for _, cand := range cands {
			if !yield(cand) {
				return
			}
		}
	}) {
		results = append(results, r)
	}
	if len(results) != len(cands) {
		t.Fatalf("%d results for %d names", len(results), len(cands))
	}
	if n := honest(t, results, registered); n > 0 {
		t.Errorf("%d names unknown though the slow resolver answers every one", n)
	}
	if n := lying.Queries() - liedTo; n > 0 {
		t.Errorf("the lying resolver was asked %d more times after the probe dropped it", n)
	}
	ls, rs, ss := statsOf(t, c, lying.Addr()), statsOf(t, c, refusing.Addr()), statsOf(t, c, slow.Addr())
	if !ls.Dropped {
		t.Errorf("liar not marked dropped: %+v (warnings %q)", ls, warn.all())
	}
	if rs.Refused == 0 || rs.Share >= ss.Share {
		t.Errorf("refusing resolver %v should have a smaller share than the slow honest one %v", rs, ss)
	}
	t.Logf("pool: %q", c.PoolSummary())
}

// A resolver that starts dropping half its queries in the middle of a scan:
// the scan finishes, no name is misreported, the resends and the other
// resolver keep unknowns rare, and the pool shows the loss.
func TestResolverStartsDroppingMidScan(t *testing.T) {
	good, flaky := dnstest.New(t), dnstest.New(t)
	cands, registered := poolWorld(600, 0, good, flaky)
	c, _ := newClient(t, func(o *Options) { o.Timeout = 500 * time.Millisecond }, good, flaky)
	var results []Result
	for r := range c.Resolve(context.Background(), func(yield func(permute.Candidate) bool) {
		for _, cand := range cands {
			if !yield(cand) {
				return
			}
		}
	}) {
		results = append(results, r)
		if len(results) == 200 {
			flaky.SetDrop(0.5, 3)
		}
	}
	if len(results) != len(cands) {
		t.Fatalf("%d results for %d names: the scan did not finish", len(results), len(cands))
	}
	if n := honest(t, results, registered); n > len(cands)/100 {
		t.Errorf("%d of %d names unknown: the loss should cost resends and retries, not answers", n, len(cands))
	}
	if st := c.Stats(); st.Resent == 0 {
		t.Errorf("no datagram resent through 50%% loss: %+v", st)
	}
	if fs, gs := statsOf(t, c, flaky.Addr()), statsOf(t, c, good.Addr()); fs.Share >= gs.Share {
		t.Errorf("the lossy resolver %v should end with a smaller share than the good one %v", fs, gs)
	}
	t.Logf("pool: %q", c.PoolSummary())
}

// The back-off in isolation: a period with loss above backoffLoss cuts the
// rate to 70 % of what was sent, a quiet one raises it by a quarter, and
// with no ceiling the cap goes once it no longer binds.
func TestBackoffCutsAndRecovers(t *testing.T) {
	h := newHealth("192.0.2.1:53", 0)
	now := h.last.Load()
	period := int64(time.Second) // 1 s periods: counts are rates
	step := func(replies, lost int64) {
		h.replies.Add(replies)
		h.lost.Add(lost)
		now += period
		h.adjust(now)
	}
	step(900, 100) // 10 % lost of 1000 a second
	lim := h.lim.Load()
	if lim == nil || math.Abs(float64(lim.Limit())-700) > 1 {
		t.Fatalf("after 10%% loss at 1000/s: limit %v, want 700", lim)
	}
	step(500, 100) // still lossy: 600 attempts, cut again
	if got := float64(h.lim.Load().Limit()); math.Abs(got-420) > 1 {
		t.Fatalf("after a second lossy period: limit %.0f, want 420", got)
	}
	step(420, 0)
	if got := float64(h.lim.Load().Limit()); math.Abs(got-525) > 1 {
		t.Fatalf("after a quiet period: limit %.0f, want 525", got)
	}
	for range 10 {
		step(2000, 0)
	}
	if h.lim.Load() != nil {
		t.Errorf("quiet for ten periods without a ceiling: still capped at %v", h.lim.Load().Limit())
	}
	if h.backoffs.Load() != 2 {
		t.Errorf("%d back-offs, want 2", h.backoffs.Load())
	}
	step(5, 5) // too few attempts to judge
	if h.lim.Load() != nil {
		t.Error("cut on a sample of 10")
	}
}

func TestResolverRateIsTheCeiling(t *testing.T) {
	h := newHealth("192.0.2.1:53", 50)
	if lim := h.lim.Load(); lim == nil || lim.Limit() != 50 {
		t.Fatalf("limit %v, want 50", lim)
	}
	now := h.last.Load()
	now += int64(time.Second)
	h.replies.Add(30)
	h.lost.Add(10)
	h.adjust(now)
	if got := float64(h.lim.Load().Limit()); math.Abs(got-28) > 0.01 {
		t.Fatalf("after 25%% loss at 40/s: %.0f, want 28", got)
	}
	now += int64(time.Second)
	h.replies.Add(10)
	h.lost.Add(10)
	h.adjust(now)
	if got := float64(h.lim.Load().Limit()); got != minRate {
		t.Fatalf("after 50%% loss at 20/s: %.0f, want the floor %d", got, minRate)
	}
	for range 20 {
		now += int64(time.Second)
		h.replies.Add(100)
		h.adjust(now)
	}
	if got := h.lim.Load().Limit(); got != 50 {
		t.Errorf("recovered to %v, want the ceiling 50", got)
	}
}
