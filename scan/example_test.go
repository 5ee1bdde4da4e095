package scan_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/scan"
	"github.com/miekg/dns"
)

// printSink prints each finding and the names offered for registration.
type printSink struct{}

func (printSink) Add(f judge.Finding) error {
	fmt.Println(f.Domain, f.Status, f.Verdict)
	return nil
}
func (printSink) Offer(f judge.Finding) error { fmt.Println("  register:", f.Domain); return nil }
func (printSink) Finish(s *scan.Summary) error {
	fmt.Println(s.Done, "of", s.Total, "names")
	return nil
}
func (printSink) Abort() {}

// A scan of two candidates of example.com against a scripted resolver on
// loopback: one registered by a third party, one free to register, which the
// servers of .com (a second scripted server) confirm before it is offered.
func ExampleRun() {
	srv, err := dnstest.Start()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	registry, err := dnstest.Start()
	if err != nil {
		panic(err)
	}
	defer registry.Close()
	srv.Handle("com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("com", "ns1.nic.com")})
	srv.Handle("ns1.nic.com", dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A("ns1.nic.com", "127.0.0.1")}})
	srv.Handle("example.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("example.com", "ns1.example.com")})
	srv.Handle("examp1e.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("examp1e.com", "ns1.other.example")})

	brand, _ := permute.ParseBrand("example.com")
	var list []permute.Candidate
	for _, n := range []string{"examp1e.com", "exampel.com"} {
		c, _ := permute.ParseName(n, brand.Domain)
		list = append(list, c)
	}
	_, err = scan.Run(context.Background(), scan.Options{
		Brands:  []permute.Brand{brand},
		Names:   list,
		Resolve: resolve.Options{Resolvers: []string{srv.Addr()}, Timeout: time.Second, Records: true, AuthPort: registry.Port()},
	}, printSink{})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// examp1e.com registered third-party
	// exampel.com unregistered defend
	//   register: exampel.com
	// 2 of 2 names
}
