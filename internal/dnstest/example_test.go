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
