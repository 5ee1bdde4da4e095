package resolve

import (
	"context"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
)

func TestQuery(t *testing.T) {
	bad := dnstest.New(t)
	bad.SetDefault(dnstest.Rule{Kind: dnstest.ServFail})
	good := dnstest.New(t)
	good.Handle("brand.example", dns.TypeTXT, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR(`brand.example. 300 IN TXT "v=spf1 include:_spf.mailer.example -all"`)}})
	c, err := New(Options{Resolvers: []string{bad.Addr(), good.Addr()}, Retries: 2, Timeout: 300_000_000})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tests := []struct {
		name   string
		qname  string
		rcode  int
		answer int
	}{
		{"answer after a SERVFAIL on the first resolver", "brand.example", dns.RcodeSuccess, 1},
		{"nxdomain is a reply, not an error", "nope.example", dns.RcodeNameError, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rcode, ans, err := c.Query(context.Background(), tt.qname, dns.TypeTXT)
			if err != nil || rcode != tt.rcode || len(ans) != tt.answer {
				t.Errorf("Query(%s) = %d, %v, %v; want %d with %d answers", tt.qname, rcode, ans, err, tt.rcode, tt.answer)
			}
		})
	}
	only := dnstest.New(t)
	only.SetDefault(dnstest.Rule{Kind: dnstest.Drop})
	c2, _ := New(Options{Resolvers: []string{only.Addr()}, Retries: 1, Timeout: 100_000_000})
	defer c2.Close()
	if _, _, err := c2.Query(context.Background(), "brand.example", dns.TypeMX); err == nil {
		t.Error("silence gave no error")
	}
}

// A firewall's NXDOMAIN is no reply to read records from: the next resolver
// is asked, and with nobody else it is an error, never NXDOMAIN.
func TestQueryPastAFilter(t *testing.T) {
	firewall, honest := dnstest.New(t), dnstest.New(t)
	firewall.Override(dnstest.Rule{Kind: dnstest.NXDomain, Ns: []dns.RR{dnstest.SOA("rpz.local")}})
	honest.Handle("shop.brand.example", dns.TypeCNAME, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR("shop.brand.example. 300 IN CNAME brand.shops.example.")}})
	c, _ := newClient(t, nil, firewall, honest)
	for range 2 { // either resolver first
		rcode, ans, err := c.Query(context.Background(), "shop.brand.example", dns.TypeCNAME)
		if err != nil || rcode != dns.RcodeSuccess || len(ans) != 1 {
			t.Errorf("Query through a firewall and an honest resolver = %d, %v, %v; want the CNAME", rcode, ans, err)
		}
	}
	alone, _ := newClient(t, nil, firewall)
	if rcode, _, err := alone.Query(context.Background(), "gone.brand.example", dns.TypeCNAME); err == nil {
		t.Errorf("Query through the firewall alone = rcode %d and no error; want an error", rcode)
	}
}

// An NXDOMAIN at the end of a CNAME chain carries the SOA of the last name's
// zone: that is no filter (a dangling CNAME, as audit looks for).
func TestQueryDanglingCNAMEIsNoFilter(t *testing.T) {
	s := dnstest.New(t)
	s.Handle("help.brand.example", dns.TypeA, dnstest.Rule{Kind: dnstest.NXDomain,
		Answer: []dns.RR{dnstest.RR("help.brand.example. 300 IN CNAME help.helpdesk.test.")},
		Ns:     []dns.RR{dnstest.SOA("helpdesk.test")}})
	c, _ := newClient(t, nil, s)
	rcode, ans, err := c.Query(context.Background(), "help.brand.example", dns.TypeA)
	if err != nil || rcode != dns.RcodeNameError || len(ans) != 1 {
		t.Errorf("Query = %d, %v, %v; want NXDOMAIN with the CNAME", rcode, ans, err)
	}
}
