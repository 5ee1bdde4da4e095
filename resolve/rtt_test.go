package resolve

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
)

func TestRTTEstimator(t *testing.T) {
	var e rttEstimator
	if got := e.rto(2 * time.Second); got != initialRTO {
		t.Errorf("rto before any sample = %v, want %v", got, initialRTO)
	}
	for range 20 {
		e.observe(time.Millisecond)
	}
	if got := e.rto(2 * time.Second); got != minRTO {
		t.Errorf("rto of a 1ms server = %v, want the floor %v", got, minRTO)
	}
	for range 20 {
		e.observe(400 * time.Millisecond)
	}
	if got := e.rto(2 * time.Second); got < 400*time.Millisecond || got > 2*time.Second {
		t.Errorf("rto of a 400ms server = %v", got)
	}
	if got := e.rto(100 * time.Millisecond); got != 100*time.Millisecond {
		t.Errorf("rto above the limit: %v", got)
	}
}

// With 30% of datagrams lost, retransmission within the attempt decides every
// name long before the timeout would, and never calls a registered name
// unregistered. No timing is asserted: only what was decided and how.
func TestRetransmitThroughLoss(t *testing.T) {
	s := dnstest.New(t)
	s.SetDrop(0.3, 7)
	var cands []permute.Candidate
	registered := map[string]bool{}
	for i := range 200 {
		name := fmt.Sprintf("name%03d.com", i)
		cands = append(cands, permute.Candidate{Domain: name})
		if i%2 == 0 {
			registered[name] = true
			s.Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS(name, "ns1.host.example")})
		}
	}
	// One attempt, no retries: only retransmission can get past a loss.
	c, err := New(Options{Resolvers: []string{s.Addr()}, Retries: 0, Timeout: 3 * time.Second, Concurrency: 32})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	unknown := 0
	for r := range c.Resolve(context.Background(), slices.Values(cands)) {
		switch {
		case r.Status == Unregistered && registered[r.Domain]:
			t.Errorf("%s is registered, came out unregistered", r.Domain)
		case r.Status == Registered && !registered[r.Domain]:
			t.Errorf("%s is not registered, came out registered", r.Domain)
		case r.Status == Unknown:
			unknown++
		}
	}
	if unknown > 2 {
		t.Errorf("%d of 200 names unknown with one attempt: lost datagrams were not sent again", unknown)
	}
	if st := c.Stats(); st.Resent == 0 {
		t.Errorf("no datagram was sent again through 30%% loss: %+v", st)
	}
}
