package world

import (
	"fmt"
	"net/netip"
)

// Hosts 100…199 of a world's /24 belong to tests that serve web pages or
// mail for the world's names: the world itself never listens there, and a
// test points a name at one with an extra A record (Spec.Records), which
// it can write once the world's addresses are known (Start, then Apply).
const (
	hostTestFirst = 100
	hostTestLast  = 199
)

// TestHosts is how many addresses TestHost hands out.
const TestHosts = hostTestLast - hostTestFirst + 1

// TestHost is the i-th address (0 ≤ i < TestHosts) left to tests:
// 127.53.Net.(100+i). It panics outside that range, a test's own mistake.
func (a Addrs) TestHost(i int) string {
	if i < 0 || i >= TestHosts {
		panic(fmt.Sprintf("world: test host %d: want 0…%d", i, TestHosts-1))
	}
	return a.ip(hostTestFirst + i)
}

// Web is the address every brand's apex, www and mail host resolve to
// (127.53.Net.80), where a test may serve the brand's own page. In the
// default world nothing listens there.
func (a Addrs) Web() string { return a.ip(hostWeb) }

// Prefix is the world's 127.53.Net.0/24, for a fetcher that may reach the
// world's hosts and no other private address.
func (a Addrs) Prefix() netip.Prefix {
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{127, 53, byte(a.Net), 0}), 24)
}
