package resolve

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
)

// warnings collects what a Client warns about.
type warnings struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warnings) add(m string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, m)
}

func (w *warnings) all() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.msgs)
}

// newClient makes a Client over the given servers with test-sized timeouts;
// change opts with the edit func.
func newClient(t *testing.T, edit func(*Options), servers ...*dnstest.Server) (*Client, *warnings) {
	t.Helper()
	warn := new(warnings)
	opts := Options{Concurrency: 16, Timeout: 250 * time.Millisecond, Retries: 2, Warn: warn.add}
	for _, s := range servers {
		opts.Resolvers = append(opts.Resolvers, s.Addr())
	}
	if edit != nil {
		edit(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, warn
}

// parentWorld scripts resolver so that the servers of suffix are found at
// 127.0.0.1 (the port is the client's AuthPort).
func parentWorld(resolver *dnstest.Server, suffix string) {
	host := "ns1.nic." + suffix
	resolver.Handle(suffix, dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS(suffix, host)})
	resolver.Handle(host, dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A(host, "127.0.0.1")}})
}

func referral(name string, hosts ...string) dnstest.Rule {
	return dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS(name, hosts...)}
}

func candidates(names ...string) func(func(permute.Candidate) bool) {
	return func(yield func(permute.Candidate) bool) {
		for _, n := range names {
			if !yield(permute.Candidate{Domain: n, Unicode: n, Brand: "example.com"}) {
				return
			}
		}
	}
}
