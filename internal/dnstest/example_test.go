package dnstest_test

import (
	"fmt"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
)

// A server scripted per name: one delegation, one SERVFAIL, and NXDOMAIN for
// everything else (the zero Rule).
func ExampleServer() {
	s, err := dnstest.Start()
	if err != nil {
		panic(err)
	}
	defer s.Close()
	s.Handle("brand.example", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("brand.example", "ns1.host.example")})
	s.Handle("broken.example", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})

	c := new(dns.Client)
	for _, name := range []string{"brand.example.", "broken.example.", "nothing.example."} {
		m := new(dns.Msg)
		m.SetQuestion(name, dns.TypeNS)
		r, _, err := c.Exchange(m, s.Addr())
		if err != nil {
			panic(err)
		}
		fmt.Println(name, dns.RcodeToString[r.Rcode], len(r.Answer))
	}
	// Output:
	// brand.example. NOERROR 1
	// broken.example. SERVFAIL 0
	// nothing.example. NXDOMAIN 0
}

// A DNS firewall that blocks everything with its own SOA, as a company's
// response-policy zone does: clients must not read its NXDOMAIN as the
// registry's.
func ExampleServer_Override() {
	s, err := dnstest.Start()
	if err != nil {
		panic(err)
	}
	defer s.Close()
	s.Handle("phish.example", dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("phish.example", "ns.phish.test")})
	s.Override(dnstest.Rule{Kind: dnstest.NXDomain, Ns: []dns.RR{dnstest.SOA("rpz.local")}})

	m := new(dns.Msg)
	m.SetQuestion("phish.example.", dns.TypeNS)
	r, _, err := new(dns.Client).Exchange(m, s.Addr())
	if err != nil {
		panic(err)
	}
	fmt.Println(dns.RcodeToString[r.Rcode], r.Ns[0].Header().Name)
	// Output:
	// NXDOMAIN rpz.local.
}
