package resolve

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
	"github.com/projectdiscovery/dnsx/libs/dnsx"
)

// benchSenders matches the dnsx figure (QueryOne from 128 goroutines).
const benchSenders = 128

// benchWorld is an in-process server where every other name is delegated
// and the rest do not exist.
func benchWorld(b *testing.B) (*dnstest.Server, []string) {
	s := dnstest.New(b)
	names := make([]string, 4096)
	for i := range names {
		names[i] = fmt.Sprintf("bench%04d.com", i)
		if i%2 == 0 {
			s.Handle(names[i], dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS(names[i], "ns.host.net")})
		}
	}
	return s, names
}

// BenchmarkNSPath compares the one query that decides registration sent
// through dnsx (a socket per exchange) and through the lean client
// (long-lived sockets), both against the same in-process server on one
// machine, so the server's own cost is in both figures.
func BenchmarkNSPath(b *testing.B) {
	b.Run("dnsx", func(b *testing.B) {
		s, names := benchWorld(b)
		d, err := dnsx.New(dnsx.Options{BaseResolvers: []string{"udp:" + s.Addr()}, MaxRetries: 1,
			QuestionTypes: []uint16{dns.TypeNS}})
		if err != nil {
			b.Fatal(err)
		}
		var next atomic.Int64
		var failed atomic.Int64
		b.ResetTimer()
		var wg sync.WaitGroup
		for range benchSenders {
			wg.Go(func() {
				for {
					i := next.Add(1) - 1
					if i >= int64(b.N) {
						return
					}
					data, _ := d.QueryOne(names[i%int64(len(names))])
					if data == nil || data.RawResp == nil {
						failed.Add(1)
					}
				}
			})
		}
		wg.Wait()
		report(b, failed.Load())
	})
	b.Run("lean", func(b *testing.B) {
		s, names := benchWorld(b)
		c, err := New(Options{Resolvers: []string{s.Addr()}, Concurrency: benchSenders, Retries: DefaultRetries})
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		ctx := context.Background()
		c.Probe(ctx, []string{"com"})
		var next atomic.Int64
		var failed atomic.Int64
		b.ResetTimer()
		var wg sync.WaitGroup
		for range benchSenders {
			wg.Go(func() {
				w := c.newWorker()
				defer w.close()
				for {
					i := next.Add(1) - 1
					if i >= int64(b.N) {
						return
					}
					if st, _, _ := w.decide(ctx, names[i%int64(len(names))], "com"); st == Unknown {
						failed.Add(1)
					}
				}
			})
		}
		wg.Wait()
		report(b, failed.Load())
	})
}

// BenchmarkResolve is the whole scan path: ordering window, registrable cut,
// decision, no records.
func BenchmarkResolve(b *testing.B) {
	s, names := benchWorld(b)
	c, err := New(Options{Resolvers: []string{s.Addr()}, Concurrency: benchSenders, Retries: DefaultRetries})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	c.Probe(context.Background(), []string{"com"})
	in := func(yield func(permute.Candidate) bool) {
		for i := range b.N {
			n := names[i%len(names)]
			if !yield(permute.Candidate{Domain: n, Unicode: n}) {
				return
			}
		}
	}
	b.ResetTimer()
	var failed int64
	for r := range c.Resolve(context.Background(), in) {
		if r.Status == Unknown {
			failed++
		}
	}
	report(b, failed)
}

func report(b *testing.B, failed int64) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "names/s")
	if failed > 0 {
		b.ReportMetric(float64(failed), "failed")
	}
}

// BenchmarkNegativeExchange is the transport alone on the unregistered path:
// benchSenders workers asking NS of names that do not exist of a responder
// that allocates nothing (rawNX), so -benchmem's allocs/op is the client's.
func BenchmarkNegativeExchange(b *testing.B) {
	addr := rawNX(b)
	c, err := New(Options{Resolvers: []string{addr}, Concurrency: benchSenders})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	names := make([]string, 4096)
	for i := range names {
		names[i] = fmt.Sprintf("nothing%04d.com.", i)
	}
	var next, failed atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	for range benchSenders {
		wg.Go(func() {
			w := c.newWorker()
			defer w.close()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if resp, err := w.exchange(ctx, addr, names[i%int64(len(names))], dns.TypeNS, true); err != nil || resp.Rcode != dns.RcodeNameError {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	b.Logf("%+v", c.Stats())
	report(b, failed.Load())
}
