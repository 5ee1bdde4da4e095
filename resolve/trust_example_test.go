package resolve_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/resolve"
	"github.com/miekg/dns"
)

// A resolver that says NXDOMAIN for everything, the brand included, is
// dropped by the brand's canary: beside an honest resolver the scan goes on
// without it; alone, Probe fails and names it.
func ExampleOptions_canaries() {
	honest, err := dnstest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer honest.Close()
	denier, err := dnstest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer denier.Close()
	honest.Handle("example.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("example.com", "ns1.example.net")})
	denier.Override(dnstest.Rule{Kind: dnstest.NXDomain})

	c, err := resolve.New(resolve.Options{
		Resolvers: []string{honest.Addr(), denier.Addr()},
		Canaries:  []string{"example.com"}, // the brand, and its portfolio
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	err = c.Probe(context.Background(), []string{"com"})
	fmt.Println("probe error:", err)
	for _, l := range c.Trust().Liars {
		fmt.Println("liar said", l.Said, "for", l.Name)
	}
	fmt.Println("resolvers left:", len(c.Stats().Resolvers))
	// Output:
	// probe error: <nil>
	// liar said NXDOMAIN for example.com
	// resolvers left: 1
}

// Blind turns a run that saw nothing into an error: here every name timed
// out at a resolver that never answers.
func ExampleClient_Blind() {
	silent, err := dnstest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer silent.Close()
	silent.Override(dnstest.Rule{Kind: dnstest.Drop})
	c, err := resolve.New(resolve.Options{Resolvers: []string{silent.Addr()}, Timeout: 50 * time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	var tally resolve.Tally
	for _, n := range []string{"examp1e.com", "exampel.com"} {
		tally.Add(c.Lookup(context.Background(), n))
	}
	fmt.Println(errors.Is(c.Blind(tally), resolve.ErrBlind))
	// Output:
	// true
}
