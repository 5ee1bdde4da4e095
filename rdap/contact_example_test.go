package rdap_test

import (
	"fmt"
	"net/netip"

	"github.com/lookalike/lookalike/rdap"
)

func ExampleIPBootstrap_ServerFor() {
	b := rdap.DefaultIPBootstrap()
	for _, ip := range []string{"8.8.8.8", "193.0.6.139", "2a00:1450::1", "10.0.0.1"} {
		server, ok := b.ServerFor(netip.MustParseAddr(ip))
		fmt.Println(ip, server, ok)
	}
	// Output:
	// 8.8.8.8 https://rdap.arin.net/registry/ true
	// 193.0.6.139 https://rdap.db.ripe.net/ true
	// 2a00:1450::1 https://rdap.db.ripe.net/ true
	// 10.0.0.1  false
}
