package resolve

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
)

// Results come out in input order whatever order the replies arrive in.
func TestResolveKeepsInputOrder(t *testing.T) {
	s := dnstest.New(t)
	s.SetJitter(20 * time.Millisecond)
	const n = 400
	var names []string
	want := make(map[string]Status)
	for i := range n {
		name := fmt.Sprintf("n%03d.com", i)
		names = append(names, name)
		want[name] = Unregistered
		if i%3 == 0 {
			s.Handle(name, dns.TypeNS, referral(name, "ns.host.net"))
			want[name] = Registered
		}
	}
	c, _ := newClient(t, func(o *Options) { o.Concurrency = 8; o.Timeout = 2 * time.Second }, s)
	i := 0
	for res := range c.Resolve(context.Background(), candidates(names...)) {
		if i >= n || res.Domain != names[i] {
			t.Fatalf("result %d is %s, want %s", i, res.Domain, names[min(i, n-1)])
		}
		if res.Status != want[res.Domain] {
			t.Errorf("%s: %s/%s, want %s", res.Domain, res.Status, res.Reason, want[res.Domain])
		}
		i++
	}
	if i != n {
		t.Errorf("got %d results, want %d", i, n)
	}
}

// Cancelling mid-scan returns long before the stuck queries would time out,
// and no name that was not decided comes out unregistered.
func TestResolveCancel(t *testing.T) {
	s := dnstest.New(t)
	var names []string
	stuck := make(map[string]bool)
	for i := range 60 {
		name := fmt.Sprintf("free%02d.com", i) // NXDOMAIN by default
		if i >= 10 {
			name = fmt.Sprintf("stuck%02d.com", i)
			stuck[name] = true
			s.Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Drop})
		}
		names = append(names, name)
	}
	const timeout = time.Minute
	c, _ := newClient(t, func(o *Options) { o.Concurrency = 8; o.Timeout = timeout }, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// Cancel once every worker is stuck on a silent name.
		for s.Queries() < 10+8 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	start := time.Now()
	got := 0
	for res := range c.Resolve(ctx, candidates(names...)) {
		got++
		if stuck[res.Domain] && (res.Status != Unknown || res.Reason != ReasonCancelled) {
			t.Errorf("%s was never answered, came out %s/%s", res.Domain, res.Status, res.Reason)
		}
		if !stuck[res.Domain] && res.Status != Unregistered {
			t.Errorf("%s: %s/%s, want unregistered", res.Domain, res.Status, res.Reason)
		}
	}
	// A guard, not a benchmark: without cancellation this would take a minute.
	if el := time.Since(start); el > timeout/2 {
		t.Errorf("Resolve returned %v after cancel", el)
	}
	if got < 10 {
		t.Errorf("got %d results, want at least the 10 decided before the cancel", got)
	}
}

// A consumer that stops early stops the workers.
func TestResolveBreak(t *testing.T) {
	s := dnstest.New(t)
	var names []string
	for i := range 1000 {
		names = append(names, fmt.Sprintf("x%04d.com", i))
	}
	c, _ := newClient(t, func(o *Options) { o.Concurrency = 4 }, s)
	n := 0
	for range c.Resolve(context.Background(), candidates(names...)) {
		if n++; n == 5 {
			break
		}
	}
	c.Close() // waits for the workers
	sent := c.Stats().Queries
	if sent >= 1000 {
		t.Errorf("%d queries after stopping at 5 results; the workers ran on", sent)
	}
	time.Sleep(50 * time.Millisecond)
	if after := c.Stats().Queries; after != sent {
		t.Errorf("queries went on after Close: %d then %d", sent, after)
	}
}

func TestProbeWildcardWarns(t *testing.T) {
	s := dnstest.New(t)
	s.Wildcard("wild", dnstest.A("*.wild", "192.0.2.80"))
	c, warn := newClient(t, nil, s)
	if err := c.Probe(context.Background(), []string{"com", ".WILD."}); err != nil {
		t.Fatal(err)
	}
	w := warn.all()
	if len(w) != 1 || !strings.Contains(w[0], ".wild") {
		t.Errorf("warnings %q, want one about .wild", w)
	}
	if got := c.Lookup(context.Background(), "a.wild"); got.Status != Unknown || got.Reason != ReasonWildcardTLD {
		t.Errorf("a.wild: %s/%s, want unknown/wildcard-tld", got.Status, got.Reason)
	}
	// The probe and the parent servers are found once per suffix: a second
	// name costs one query.
	before := s.Queries()
	c.Lookup(context.Background(), "b.wild")
	if got := s.Queries() - before; got != 1 {
		t.Errorf("a second name under a probed suffix sent %d queries, want 1", got)
	}
}

func TestRateCapsQueries(t *testing.T) {
	s := dnstest.New(t)
	var names []string
	for i := range 30 {
		names = append(names, fmt.Sprintf("r%02d.com", i))
	}
	// 20 queries a second with a burst of 8: 30 names plus the probe cannot
	// finish within a second. The cap is checked by counting, not timing.
	c, _ := newClient(t, func(o *Options) { o.Rate = 20; o.Concurrency = 8 }, s)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	done := 0
	for res := range c.Resolve(ctx, candidates(names...)) {
		if res.Status == Unregistered {
			done++
		}
	}
	if done >= 30 {
		t.Errorf("%d names resolved within a second at 20 queries/s", done)
	}
	if done == 0 {
		t.Error("no name resolved at all")
	}
}

// While the first name is slow, no more than Window candidates are taken
// from the input: memory stays flat behind a stuck name.
func TestResolveWindowBoundsReadAhead(t *testing.T) {
	s := dnstest.New(t)
	s.Handle("slow.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.NXDomain, Delay: 300 * time.Millisecond})
	const window = 16
	c, _ := newClient(t, func(o *Options) { o.Concurrency = 4; o.Window = window; o.Timeout = 5 * time.Second }, s)
	var pulled atomic.Int64
	in := func(yield func(permute.Candidate) bool) {
		for i := range 1000 {
			name := fmt.Sprintf("fast%03d.com", i)
			if i == 0 {
				name = "slow.com"
			}
			pulled.Add(1)
			if !yield(permute.Candidate{Domain: name, Unicode: name}) {
				return
			}
		}
	}
	first := true
	n := 0
	for res := range c.Resolve(context.Background(), in) {
		if first {
			first = false
			if res.Domain != "slow.com" {
				t.Fatalf("first result %s, want slow.com", res.Domain)
			}
			// The feeder holds one candidate while it waits for a slot.
			if p := pulled.Load(); p > window+1 {
				t.Errorf("%d candidates taken while the first was pending, window is %d", p, window)
			}
		}
		n++
	}
	if n != 1000 {
		t.Errorf("got %d results, want 1000", n)
	}
}

// A resolver that cannot reach the registries fails the wildcard probe of
// every suffix alike: one warning says so for all of them.
func TestProbeUnansweredSuffixesWarnOnce(t *testing.T) {
	s := dnstest.New(t)
	s.SetDefault(dnstest.Rule{Kind: dnstest.Refused})
	c, warn := newClient(t, func(o *Options) { o.Retries = 0 }, s)
	suffixes := []string{"com", "net", "org", "fr", "de", "uk", "io", "nl", "be", "es"}
	if err := c.Probe(context.Background(), suffixes); err != nil {
		t.Fatal(err)
	}
	var probes []string
	for _, w := range warn.all() {
		if strings.Contains(w, "for a wildcard") {
			probes = append(probes, w)
		}
	}
	want := "could not probe 10 suffixes for a wildcard (REFUSED): .com, .net, .org, .fr, .de, .uk, .io, .nl and 2 more; names under them count as registered only if delegated"
	if len(probes) != 1 || probes[0] != want {
		t.Errorf("probe warnings %q, want one:\n%s", probes, want)
	}
	// A suffix first met during the scan still warns on its own.
	c.Lookup(context.Background(), "a.se")
	if w := warn.all(); !strings.Contains(w[len(w)-1], "could not probe .se for a wildcard") {
		t.Errorf("last warning %q, want .se's own", w[len(w)-1])
	}
}
