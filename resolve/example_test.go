package resolve_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
	"github.com/miekg/dns"
)

func ExampleClient_Resolve() {
	// A resolver on loopback that knows one delegated name; everything else is NXDOMAIN.
	srv, err := dnstest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	srv.Handle("examp1e.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("examp1e.com", "ns1.parking.test")})
	srv.Handle("exampel.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Refused})

	c, err := resolve.New(resolve.Options{Resolvers: []string{srv.Addr()}, Retries: resolve.DefaultRetries})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	ctx := context.Background()
	if err := c.Probe(ctx, []string{"com"}); err != nil {
		fmt.Println(err)
		return
	}
	var in []permute.Candidate
	for _, n := range []string{"examp1e.com", "www.examp1e.com", "exampel.com", "exmaple.com"} {
		in = append(in, permute.Candidate{Domain: n, Unicode: n, Brand: "example.com"})
	}
	for r := range c.Resolve(ctx, slices.Values(in)) {
		fmt.Println(r.Domain, r.Status, r.Reason, r.NS)
	}
	// Output:
	// examp1e.com registered delegation [ns1.parking.test]
	// www.examp1e.com registered delegation [ns1.parking.test]
	// exampel.com unknown refused []
	// exmaple.com unregistered  []
}

func ExampleClient_Lookup() {
	srv, err := dnstest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	c, err := resolve.New(resolve.Options{Resolvers: []string{srv.Addr()}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	r := c.Lookup(context.Background(), "Air.France.FR.")
	fmt.Println(r.Domain, r.Registrable, r.Status)
	// Output:
	// air.france.fr france.fr unregistered
}
