package resolve_test

import (
	"context"
	"fmt"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/resolve"
)

func ExampleClient_PoolStats() {
	honest, err := dnstest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer honest.Close()
	liar, err := dnstest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer liar.Close()
	liar.Lie("192.0.2.66") // rewrites NXDOMAIN into an advertising page
	c, err := resolve.New(resolve.Options{Resolvers: []string{honest.Addr(), liar.Addr()}, ResolverRate: 500})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	c.Probe(context.Background(), []string{"com"})
	c.Lookup(context.Background(), "nothing-here.com")
	for _, s := range c.PoolStats() {
		role := "honest"
		if s.Addr == liar.Addr() {
			role = "liar"
		}
		fmt.Printf("%s: dropped %v, answered some %v, cap %.0f q/s\n", role, s.Dropped, s.Answered > 0, s.Limit)
	}
	// Output:
	// honest: dropped false, answered some true, cap 500 q/s
	// liar: dropped true, answered some true, cap 500 q/s
}
