package resolve

import (
	"context"
	"fmt"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
)

// BenchmarkCrossCheck is BenchmarkResolve over two resolvers (half the names
// delegated, half NXDOMAIN), without and with a second opinion on every
// NXDOMAIN: the cost of CrossCheck in names/s and queries per name.
func BenchmarkCrossCheck(b *testing.B) {
	for _, cross := range []bool{false, true} {
		b.Run(fmt.Sprintf("crosscheck=%v", cross), func(b *testing.B) {
			s1, names := benchWorld(b)
			s2, _ := benchWorld(b)
			c, err := New(Options{Resolvers: []string{s1.Addr(), s2.Addr()}, Concurrency: benchSenders,
				Retries: DefaultRetries, CrossCheck: cross})
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
			before := c.Stats().Queries
			b.ResetTimer()
			var failed int64
			for r := range c.Resolve(context.Background(), in) {
				if r.Status == Unknown {
					failed++
				}
			}
			b.ReportMetric(float64(c.Stats().Queries-before)/float64(b.N), "queries/name")
			report(b, failed)
		})
	}
}

// BenchmarkProbeCanaries is the start-up cost of the canaries: a Probe of 16
// suffixes over two resolvers, with the random-label canaries alone (no
// Options.Canaries) and with eight registered canaries besides (the brand
// and seven portfolio names).
func BenchmarkProbeCanaries(b *testing.B) {
	suffixes := []string{"com", "net", "org", "fr", "de", "io", "co.uk", "uk", "info", "biz", "us", "eu", "nl", "be", "ch", "es"}
	var canaries []string
	for i := range 8 {
		canaries = append(canaries, fmt.Sprintf("brand%d.com", i))
	}
	for _, with := range []bool{false, true} {
		name := "random-labels"
		if with {
			name = "random-labels+8-registered"
		}
		b.Run(name, func(b *testing.B) {
			var servers []string
			for range 2 {
				s := dnstest.New(b)
				for _, n := range canaries {
					s.Handle(n, dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS(n, "ns.brand.net")})
				}
				servers = append(servers, s.Addr())
			}
			opts := Options{Resolvers: servers, Retries: DefaultRetries}
			if with {
				opts.Canaries = canaries
			}
			var queries int64
			for b.Loop() {
				c, err := New(opts)
				if err != nil {
					b.Fatal(err)
				}
				if err := c.Probe(context.Background(), suffixes); err != nil {
					b.Fatal(err)
				}
				queries += c.Stats().Queries
				c.Close()
			}
			b.ReportMetric(float64(queries)/float64(b.N), "queries/probe")
		})
	}
}
