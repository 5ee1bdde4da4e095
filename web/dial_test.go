package web

import (
	"context"
	"net/netip"
	"slices"
	"testing"

	"github.com/miekg/dns"

	"github.com/lookalike/lookalike/internal/dnstest"
)

// LookupVia asks the given server, never the system's resolver: the
// scripted server is the only one that knows these names.
func TestLookupVia(t *testing.T) {
	s := dnstest.New(t)
	s.Handle("acmebnk.example", dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A("acmebnk.example", "127.0.0.9")}})
	s.Handle("acmebnk.example", dns.TypeAAAA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR("acmebnk.example. 300 IN AAAA ::1")}})
	lookup := LookupVia(s.Addr())
	got, err := lookup(context.Background(), "acmebnk.example")
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, netip.Addr.Compare)
	want := []netip.Addr{netip.MustParseAddr("127.0.0.9"), netip.MustParseAddr("::1")}
	if !slices.Equal(got, want) {
		t.Errorf("lookup = %v, want %v", got, want)
	}
	if s.Count("acmebnk.example", dns.TypeA) == 0 {
		t.Error("the scripted server was not asked")
	}
	if _, err := lookup(context.Background(), "nothing.example"); err == nil {
		t.Error("NXDOMAIN gave no error")
	}
}
