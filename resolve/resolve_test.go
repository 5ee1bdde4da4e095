package resolve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/names"
	"github.com/miekg/dns"
)

func TestStatus(t *testing.T) {
	nsAnswer := dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("name.com", "ns1.host.net", "ns2.host.net")}
	tests := []struct {
		name   string
		qname  string // default name.com
		rule   dnstest.Rule
		setup  func(s *dnstest.Server)
		status Status
		reason string
		ns     []string
	}{
		{name: "NS answer is a delegation", rule: nsAnswer,
			status: Registered, reason: ReasonDelegation, ns: []string{"ns1.host.net", "ns2.host.net"}},
		{name: "referral is a delegation", rule: referral("name.com", "ns.parked.net"),
			status: Registered, reason: ReasonDelegation, ns: []string{"ns.parked.net"}},
		{name: "NODATA proves existence", rule: dnstest.Rule{Kind: dnstest.NoData},
			status: Registered, reason: ReasonNoError},
		{name: "CNAME answer proves existence",
			rule:   dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR("name.com. 60 IN CNAME other.net.")}},
			status: Registered, reason: ReasonNoError},
		{name: "NXDOMAIN is unregistered", rule: dnstest.Rule{Kind: dnstest.NXDomain}, status: Unregistered},
		{name: "NXDOMAIN at the end of a CNAME chain is not about the name",
			rule:   dnstest.Rule{Kind: dnstest.NXDomain, Answer: []dns.RR{dnstest.RR("name.com. 60 IN CNAME gone.net.")}},
			status: Registered, reason: ReasonNoError},
		{name: "SERVFAIL", rule: dnstest.Rule{Kind: dnstest.ServFail}, status: Unknown, reason: ReasonServfail},
		{name: "REFUSED", rule: dnstest.Rule{Kind: dnstest.Refused}, status: Unknown, reason: ReasonRefused},
		{name: "FORMERR", rule: dnstest.Rule{Kind: dnstest.FormErr}, status: Unknown, reason: ReasonFormerr},
		{name: "NOTIMP", rule: dnstest.Rule{Kind: dnstest.NotImp}, status: Unknown, reason: ReasonNotImp},
		{name: "FORMERR without the question", rule: dnstest.Rule{Kind: dnstest.FormErr, NoQuestion: true}, status: Unknown, reason: ReasonFormerr},
		{name: "NXDOMAIN without the question is no answer", rule: dnstest.Rule{Kind: dnstest.NXDomain, NoQuestion: true},
			status: Unknown, reason: ReasonMismatch},
		{name: "silence", rule: dnstest.Rule{Kind: dnstest.Drop}, status: Unknown, reason: ReasonTimeout},
		{name: "truncated, TCP finishes", rule: dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("name.com", "ns.big.net"), Truncate: true},
			status: Registered, reason: ReasonDelegation, ns: []string{"ns.big.net"}},
		{name: "truncated, TCP fails", rule: dnstest.Rule{Kind: dnstest.NoData, Truncate: true, TCPDrop: true},
			status: Unknown, reason: ReasonTruncated},
		{name: "only a reply with the wrong ID", rule: dnstest.Rule{Kind: dnstest.Drop, Forge: dnstest.ForgeID},
			status: Unknown, reason: ReasonMismatch},
		{name: "only a reply to another question", rule: dnstest.Rule{Kind: dnstest.Drop, Forge: dnstest.ForgeQuestion},
			status: Unknown, reason: ReasonMismatch},
		{name: "forged NXDOMAIN (wrong ID) before the real referral",
			rule:   dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("name.com", "ns.real.net"), Forge: dnstest.ForgeID},
			status: Registered, reason: ReasonDelegation, ns: []string{"ns.real.net"}},
		{name: "forged NXDOMAIN (wrong question) before the real referral",
			rule:   dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("name.com", "ns.real.net"), Forge: dnstest.ForgeQuestion},
			status: Registered, reason: ReasonDelegation, ns: []string{"ns.real.net"}},
		{name: "referral upwards is no answer", rule: referral("com", "a.gtld.test"),
			status: Unknown, reason: ReasonReferral},
		{name: "subdomain is decided on its registrable domain", qname: "air.name.com", rule: nsAnswer,
			status: Registered, reason: ReasonDelegation, ns: []string{"ns1.host.net", "ns2.host.net"}},
		{name: "mixed-case echo of the question", rule: nsAnswer,
			setup:  func(s *dnstest.Server) { s.SetMixCase(true) },
			status: Registered, reason: ReasonDelegation, ns: []string{"ns1.host.net", "ns2.host.net"}},
		{name: "not a DNS name", qname: "bad name.com", status: Unknown, reason: ReasonBadName},
		{name: "wildcard TLD: existence proves nothing", qname: "name.wild",
			setup:  func(s *dnstest.Server) { s.Wildcard("wild", dnstest.A("*.wild", "192.0.2.80")) },
			status: Unknown, reason: ReasonWildcardTLD},
		{name: "wildcard TLD: a delegation still counts", qname: "name.wild",
			setup: func(s *dnstest.Server) {
				s.Wildcard("wild", dnstest.A("*.wild", "192.0.2.80"))
				s.Handle("name.wild", dns.TypeNS, referral("name.wild", "ns.owner.net"))
			},
			status: Registered, reason: ReasonDelegation, ns: []string{"ns.owner.net"}},
		{name: "wildcard TLD: the wildcard's own NS is no delegation", qname: "name.wildns",
			setup:  func(s *dnstest.Server) { s.Wildcard("wildns", dnstest.NS("*.wildns", "ns.registry-parking.test")...) },
			status: Unknown, reason: ReasonWildcardTLD},
		{name: "wildcard TLD: other NS than the wildcard's is a delegation", qname: "name.wildns",
			setup: func(s *dnstest.Server) {
				s.Wildcard("wildns", dnstest.NS("*.wildns", "ns.registry-parking.test")...)
				s.Handle("name.wildns", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("name.wildns", "ns.owner.net")})
			},
			status: Registered, reason: ReasonDelegation, ns: []string{"ns.owner.net"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := dnstest.New(t)
			qname := cmpOr(tt.qname, "name.com")
			reg, _ := names.Cut(qname)
			if !strings.Contains(qname, ".wild") { // wildcard cases script the server themselves
				s.Handle(reg, dns.TypeNS, tt.rule)
			}
			if tt.setup != nil {
				tt.setup(s)
			}
			c, _ := newClient(t, nil, s)
			got := c.Lookup(context.Background(), qname)
			if got.Status != tt.status || got.Reason != tt.reason || !slices.Equal(got.NS, tt.ns) {
				t.Errorf("Lookup(%s) = %s/%q NS %v; want %s/%q NS %v", qname, got.Status, got.Reason, got.NS, tt.status, tt.reason, tt.ns)
			}
			if got.Status == Registered && got.Registrable != reg {
				t.Errorf("Registrable = %q, want %q", got.Registrable, reg)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// An unregistered candidate costs one query; a registered one gets its
// records, through either record client.
func TestRecords(t *testing.T) {
	for _, via := range []string{RecordsViaLean, RecordsViaDNSX} {
		t.Run(via, func(t *testing.T) { testRecords(t, via) })
	}
}

func testRecords(t *testing.T, via string) {
	s := dnstest.New(t)
	s.Handle("shop.com", dns.TypeNS, referral("shop.com", "ns1.host.net"))
	s.Handle("www.shop.com", dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{
		dnstest.RR("www.shop.com. 60 IN CNAME edge.cdn.net."),
		dnstest.RR("edge.cdn.net. 60 IN A 192.0.2.20"),
		dnstest.RR("edge.cdn.net. 60 IN A 192.0.2.10"),
		dnstest.RR("unrelated.net. 60 IN A 192.0.2.99"), // not on the chain: ignored
	}})
	s.Handle("www.shop.com", dns.TypeAAAA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{
		dnstest.RR("www.shop.com. 60 IN CNAME edge.cdn.net."),
		dnstest.RR("edge.cdn.net. 60 IN AAAA 2001:db8::1"),
	}})
	s.Handle("www.shop.com", dns.TypeMX, dnstest.Rule{Kind: dnstest.Answer,
		Answer: []dns.RR{dnstest.RR("www.shop.com. 60 IN MX 20 mx2.mail.net."), dnstest.RR("www.shop.com. 60 IN MX 10 MX1.mail.net.")},
		Extra:  []dns.RR{dnstest.RR("mx1.mail.net. 60 IN A 192.0.2.77")}, // glue is not the name's address
	})
	c, _ := newClient(t, func(o *Options) { o.Records = true; o.RecordsVia = via }, s)

	got := c.Lookup(context.Background(), "www.shop.com")
	want := Result{Status: Registered, Reason: ReasonDelegation, Registrable: "shop.com",
		NS: []string{"ns1.host.net"}, A: []string{"192.0.2.10", "192.0.2.20"}, AAAA: []string{"2001:db8::1"},
		MX: []string{"mx1.mail.net", "mx2.mail.net"}, CNAME: []string{"edge.cdn.net"}}
	for _, f := range []struct {
		field     string
		got, want []string
	}{{"NS", got.NS, want.NS}, {"A", got.A, want.A}, {"AAAA", got.AAAA, want.AAAA}, {"MX", got.MX, want.MX}, {"CNAME", got.CNAME, want.CNAME}} {
		if !slices.Equal(f.got, f.want) {
			t.Errorf("%s = %v, want %v", f.field, f.got, f.want)
		}
	}
	if got.Status != want.Status || got.Reason != want.Reason || got.Registrable != want.Registrable {
		t.Errorf("got %s/%s %s, want %s/%s %s", got.Status, got.Reason, got.Registrable, want.Status, want.Reason, want.Registrable)
	}

	un := c.Lookup(context.Background(), "nothere.com")
	if un.Status != Unregistered || un.A != nil || un.NS != nil {
		t.Errorf("nothere.com = %+v, want Unregistered without records", un)
	}
	if n := s.Count("nothere.com", dns.TypeNone); n != 1 {
		t.Errorf("an unregistered name cost %d queries, want 1", n)
	}
}

func TestRetryGoesToAnotherResolver(t *testing.T) {
	failing, good := dnstest.New(t), dnstest.New(t)
	failing.Handle("name.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
	good.Handle("name.com", dns.TypeNS, referral("name.com", "ns.host.net"))
	c, _ := newClient(t, func(o *Options) { o.Retries = 1 }, failing, good)
	for i := range 4 { // whichever resolver is asked first, each lookup must work
		got := c.Lookup(context.Background(), "name.com")
		if got.Status != Registered {
			t.Fatalf("lookup %d: %s/%s, want registered", i, got.Status, got.Reason)
		}
	}
	// The pool picks the first resolver by health, so how often the failing
	// one comes first is not fixed; what must hold is that a retry never
	// goes back to it: at most once a lookup.
	if n := failing.Count("name.com", dns.TypeNS); n > 4 {
		t.Errorf("the failing resolver was asked %d times in 4 lookups; a retry must go to another resolver", n)
	}
}

func TestNXDOMAINAndNOERRORAreFinal(t *testing.T) {
	a, b := dnstest.New(t), dnstest.New(t)
	a.Handle("exists.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.NoData})
	b.Handle("exists.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.NoData})
	c, _ := newClient(t, nil, a, b)
	for _, name := range []string{"gone.com", "exists.com"} {
		c.Lookup(context.Background(), name)
		if n := a.Count(name, dns.TypeNS) + b.Count(name, dns.TypeNS); n != 1 {
			t.Errorf("%s was asked %d times, want 1", name, n)
		}
	}
}

func TestLameDelegation(t *testing.T) {
	tests := []struct {
		name     string
		parent   dnstest.Rule
		noParent bool
		status   Status
		reason   string
	}{
		{name: "parent refers: registered", parent: referral("parked.com", "ns1.dead-parking.net"), status: Registered, reason: ReasonParent},
		{name: "parent also serves the child", parent: dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("parked.com", "ns1.dead-parking.net")},
			status: Registered, reason: ReasonParent},
		{name: "parent says NXDOMAIN", parent: dnstest.Rule{Kind: dnstest.NXDomain}, status: Unregistered},
		{name: "parent silent", parent: dnstest.Rule{Kind: dnstest.Drop}, status: Unknown, reason: ReasonServfail},
		{name: "parent answers without a delegation", parent: dnstest.Rule{Kind: dnstest.NoData}, status: Unknown, reason: ReasonServfail},
		{name: "parent servers not found", noParent: true, status: Unknown, reason: ReasonServfail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resolver, tld := dnstest.New(t), dnstest.New(t)
			resolver.Handle("parked.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
			if !tt.noParent {
				parentWorld(resolver, "com")
			}
			tld.Handle("parked.com", dns.TypeNS, tt.parent)
			c, _ := newClient(t, func(o *Options) { o.AuthPort = tld.Port() }, resolver)
			got := c.Lookup(context.Background(), "parked.com")
			if got.Status != tt.status || got.Reason != tt.reason {
				t.Errorf("got %s/%q, want %s/%q", got.Status, got.Reason, tt.status, tt.reason)
			}
			if got.Status == Registered && !slices.Equal(got.NS, []string{"ns1.dead-parking.net"}) {
				t.Errorf("NS = %v, want the parent's", got.NS)
			}
		})
	}
}

// A suffix that is not a zone cut of its own (co.uk lives in uk's zone in
// this world) sends the parent check up to the zone that holds it.
func TestParentZoneCut(t *testing.T) {
	resolver, tld := dnstest.New(t), dnstest.New(t)
	resolver.Handle("brand.co.uk", dns.TypeNS, dnstest.Rule{Kind: dnstest.Drop})
	resolver.Handle("co.uk", dns.TypeNS, dnstest.Rule{Kind: dnstest.NoData})
	parentWorld(resolver, "uk")
	tld.Handle("brand.co.uk", dns.TypeNS, referral("brand.co.uk", "ns.lame.net"))
	c, _ := newClient(t, func(o *Options) { o.AuthPort = tld.Port() }, resolver)
	got := c.Lookup(context.Background(), "www.brand.co.uk")
	if got.Status != Registered || got.Reason != ReasonParent || got.Registrable != "brand.co.uk" {
		t.Errorf("got %s/%s on %s, want registered/parent on brand.co.uk", got.Status, got.Reason, got.Registrable)
	}
	// The parent servers are looked up once per suffix.
	c.Lookup(context.Background(), "other.co.uk")
	if n := resolver.Count("uk", dns.TypeNS); n != 1 {
		t.Errorf("NS uk asked %d times, want 1 (cached)", n)
	}
}

func TestLyingResolver(t *testing.T) {
	honest, liar := dnstest.New(t), dnstest.New(t)
	liar.Lie("192.0.2.53")
	honest.Handle("real.com", dns.TypeNS, referral("real.com", "ns.real.net"))

	c, warn := newClient(t, nil, liar, honest)
	if err := c.Probe(context.Background(), []string{"com"}); err != nil {
		t.Fatalf("Probe with one honest resolver: %v", err)
	}
	st := c.Stats()
	if !slices.Equal(st.Resolvers, []string{honest.Addr()}) || !slices.Equal(st.Dropped, []string{liar.Addr()}) {
		t.Errorf("resolvers %v dropped %v; want the liar dropped", st.Resolvers, st.Dropped)
	}
	if w := warn.all(); len(w) != 1 || !strings.Contains(w[0], liar.Addr()) {
		t.Errorf("warnings %q, want one naming the liar", w)
	}
	liar.Handle("real.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Drop})
	for _, name := range []string{"real.com", "fake.com"} {
		got := c.Lookup(context.Background(), name)
		want := map[string]Status{"real.com": Registered, "fake.com": Unregistered}[name]
		if got.Status != want {
			t.Errorf("%s: %s, want %s", name, got.Status, want)
		}
	}
	if n := liar.Count("fake.com", dns.TypeNone); n != 0 {
		t.Errorf("the dropped liar was still asked %d times", n)
	}

	only, _ := newClient(t, nil, liar)
	err := only.Probe(context.Background(), nil)
	if !errors.Is(err, ErrNoResolver) {
		t.Fatalf("Probe with only a liar: %v, want ErrNoResolver", err)
	}
	if got := only.Lookup(context.Background(), "fake.com"); got.Status != Unknown || got.Reason != ReasonLyingResolver {
		t.Errorf("after every resolver lied: %s/%s, want unknown/lying-resolver", got.Status, got.Reason)
	}
}

// With 30% of packets lost, retries and the parent check may leave names
// unknown, but never call a registered name unregistered, nor an
// unregistered one registered.
func TestPacketLossNeverUnregistersARegisteredName(t *testing.T) {
	resolver := dnstest.New(t)
	resolver.SetDrop(0.3, 42)
	parentWorld(resolver, "com")
	const n = 300
	var names []string
	registered := make(map[string]bool)
	for i := range n {
		name := fmt.Sprintf("reg%03d.com", i)
		if i%2 == 1 {
			name = fmt.Sprintf("free%03d.com", i)
		} else {
			registered[name] = true
			resolver.Handle(name, dns.TypeNS, referral(name, "ns.host.net"))
		}
		names = append(names, name)
	}
	c, _ := newClient(t, func(o *Options) {
		o.Concurrency = 64
		o.Timeout = 100 * time.Millisecond
		o.AuthPort = resolver.Port() // the resolver doubles as the TLD's server
	}, resolver)
	counts := map[Status]int{}
	for res := range c.Resolve(context.Background(), candidates(names...)) {
		counts[res.Status]++
		switch {
		case registered[res.Domain] && res.Status == Unregistered:
			t.Errorf("%s is registered, came out unregistered", res.Domain)
		case !registered[res.Domain] && res.Status == Registered:
			t.Errorf("%s is not registered, came out registered (%s)", res.Domain, res.Reason)
		}
	}
	if counts[Registered]+counts[Unregistered]+counts[Unknown] != n {
		t.Errorf("got %v results, want %d", counts, n)
	}
	if counts[Registered] == 0 || counts[Unregistered] == 0 {
		t.Errorf("statuses %v: loss should not hide every answer", counts)
	}
	t.Logf("statuses under 30%% loss: %v; %+v", counts, c.Stats())
}

func TestUnreachableResolver(t *testing.T) {
	s := dnstest.New(t)
	addr := s.Addr()
	s.Close() // nothing listens there now: the kernel answers port-unreachable
	c, err := New(Options{Resolvers: []string{addr}, Timeout: 5 * time.Second, Retries: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := c.Lookup(context.Background(), "name.com")
	if got.Status != Unknown || got.Reason != ReasonNetwork {
		t.Errorf("got %s/%s, want unknown/network", got.Status, got.Reason)
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{name: "no resolver", opts: Options{}},
		{name: "host name", opts: Options{Resolvers: []string{"dns.example"}}},
		{name: "negative retries", opts: Options{Resolvers: []string{"127.0.0.1"}, Retries: -1}},
		{name: "negative timeout", opts: Options{Resolvers: []string{"127.0.0.1"}, Timeout: -time.Second}},
		{name: "port out of range", opts: Options{Resolvers: []string{"127.0.0.1"}, AuthPort: 70000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := New(tt.opts); err == nil {
				c.Close()
				t.Errorf("New(%+v) accepted", tt.opts)
			}
		})
	}
	if _, err := New(Options{}); !errors.Is(err, ErrNoResolver) {
		t.Errorf("New without resolvers: %v, want ErrNoResolver", err)
	}
}

// A UDP reply too big for the read buffer (a server ignoring the EDNS size)
// is asked again over TCP, not mistaken for garbage.
func TestOversizedReplyGoesToTCP(t *testing.T) {
	s := dnstest.New(t)
	var hosts []string
	for i := range 600 {
		hosts = append(hosts, fmt.Sprintf("ns%03d.very-long-name-server-host-name.example.net", i))
	}
	s.Handle("big.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("big.com", hosts...)})
	c, _ := newClient(t, nil, s)
	got := c.Lookup(context.Background(), "big.com")
	if got.Status != Registered || len(got.NS) != len(hosts) {
		t.Errorf("got %s/%s with %d NS, want registered with %d", got.Status, got.Reason, len(got.NS), len(hosts))
	}
	if n := c.Stats().TCP; n != 1 {
		t.Errorf("%d TCP queries, want 1", n)
	}
}

func TestRegistrable(t *testing.T) {
	tests := []struct{ name, reg, suffix string }{
		{"air.france.fr", "france.fr", "fr"},
		{"www.hsbc.co.uk", "hsbc.co.uk", "co.uk"},
		{"foo.blogspot.com", "blogspot.com", "com"}, // private suffixes: the ICANN registry sells blogspot.com
		{"a.b.notatld", "b.notatld", "notatld"},     // unknown TLD: the last label is the suffix
		{"co.uk", "co.uk", "uk"},                    // a suffix alone is asked about as it is
		{"com", "com", ""},
	}
	for _, tt := range tests {
		if reg, sfx := names.Cut(tt.name); reg != tt.reg || sfx != tt.suffix {
			t.Errorf("names.Cut(%q) = %q, %q; want %q, %q", tt.name, reg, sfx, tt.reg, tt.suffix)
		}
	}
}

// Issue 10: an MX set too large for a datagram is read over TCP with dnsx
// too, never lost as an empty set (dnsx's own client retries a truncated
// reply over TCP; this keeps it so).
func TestRecordsViaDNSXTruncatedMX(t *testing.T) {
	s := dnstest.New(t)
	s.Handle("big.com", dns.TypeNS, referral("big.com", "ns1.host.net"))
	var mx []dns.RR
	for i := range 40 {
		mx = append(mx, dnstest.RR(fmt.Sprintf("big.com. 60 IN MX %d mx%02d.a-rather-long-mail-host-name.example.", i, i)))
	}
	s.Handle("big.com", dns.TypeMX, dnstest.Rule{Kind: dnstest.Answer, Answer: mx, Truncate: true})
	c, _ := newClient(t, func(o *Options) { o.Records = true; o.RecordsVia = RecordsViaDNSX }, s)
	got := c.Lookup(context.Background(), "big.com")
	if got.Status != Registered || len(got.MX) != 40 {
		t.Fatalf("big.com: %s, %d MX hosts; want registered with all 40 (read over TCP)", got.Status, len(got.MX))
	}
}
