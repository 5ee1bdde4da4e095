package resolve

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
)

// authority is the suffix's own server for a test: resolver is scripted so
// that the servers of suffix are found at 127.0.0.1, and the returned
// server answers there (the client's AuthPort is set to it by withAuth).
func authority(t *testing.T, suffix string, resolvers ...*dnstest.Server) *dnstest.Server {
	t.Helper()
	auth := dnstest.New(t)
	for _, r := range resolvers {
		parentWorld(r, suffix)
	}
	return auth
}

func withAuth(auth *dnstest.Server, more func(*Options)) func(*Options) {
	return func(o *Options) {
		if auth != nil {
			o.AuthPort = auth.Port()
		}
		if more != nil {
			more(o)
		}
	}
}

func nxWith(soa ...dns.RR) dnstest.Rule { return dnstest.Rule{Kind: dnstest.NXDomain, Ns: soa} }

// An NXDOMAIN counts only with the SOA of a zone that can hold the name;
// anything else is a filter's word, asked again of the suffix's servers.
func TestNXDOMAINNeedsTheZonesSOA(t *testing.T) {
	tests := []struct {
		name   string
		qname  string
		rule   dnstest.Rule // the resolver's reply to the registrable NS
		auth   func(a *dnstest.Server)
		status Status
		reason string
	}{
		{name: "NXDOMAIN with the TLD's SOA", rule: nxWith(dnstest.SOA("com")), status: Unregistered},
		{name: "NXDOMAIN with the SLD's SOA", qname: "name.co.uk", rule: nxWith(dnstest.SOA("co.uk")), status: Unregistered},
		{name: "NXDOMAIN with the TLD's SOA above the SLD", qname: "name.co.uk", rule: nxWith(dnstest.SOA("uk")), status: Unregistered},
		{name: "RPZ SOA, nobody to settle it", rule: nxWith(dnstest.SOA("rpz.local")), status: Unknown, reason: ReasonFiltered},
		{name: "no SOA, nobody to settle it", rule: dnstest.Rule{Kind: dnstest.NXDomain, NoSOA: true}, status: Unknown, reason: ReasonFiltered},
		{name: "the name's own SOA", rule: nxWith(dnstest.SOA("name.com")), status: Unknown, reason: ReasonFiltered},
		{name: "root SOA: the TLD itself does not exist", rule: nxWith(dnstest.SOA(".")), status: Unregistered},
		{name: "RPZ SOA, the registry delegates it", rule: nxWith(dnstest.SOA("rpz.local")),
			auth:   func(a *dnstest.Server) { a.Handle("name.com", dns.TypeNS, referral("name.com", "ns.phish.test")) },
			status: Registered, reason: ReasonParent},
		{name: "RPZ SOA, the registry says NXDOMAIN", rule: nxWith(dnstest.SOA("rpz.local")),
			auth:   func(a *dnstest.Server) {},
			status: Unregistered},
		{name: "RPZ SOA, the registry says NXDOMAIN without SOA", rule: nxWith(dnstest.SOA("rpz.local")),
			auth: func(a *dnstest.Server) {
				a.Handle("name.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.NXDomain, NoSOA: true})
			},
			status: Unknown, reason: ReasonFiltered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qname := cmpOr(tt.qname, "name.com")
			_, suffix, _ := strings.Cut(qname, ".")
			s := dnstest.New(t)
			s.Handle(qname, dns.TypeNS, tt.rule)
			var auth *dnstest.Server
			if tt.auth != nil {
				auth = authority(t, suffix, s)
				tt.auth(auth)
			}
			c, warn := newClient(t, withAuth(auth, nil), s)
			got := c.Lookup(context.Background(), qname)
			if got.Status != tt.status || got.Reason != tt.reason {
				t.Errorf("Lookup(%s) = %s/%q, want %s/%q", qname, got.Status, got.Reason, tt.status, tt.reason)
			}
			filtered := c.Trust().Filtered > 0
			if want := tt.reason == ReasonFiltered || tt.auth != nil; filtered != want {
				t.Errorf("Trust().Filtered > 0 = %v, want %v", filtered, want)
			}
			if filtered && !slices.ContainsFunc(warn.all(), func(m string) bool { return strings.Contains(m, "filtering resolver") }) {
				t.Errorf("no warning about the filtering resolver: %q", warn.all())
			}
		})
	}
}

// A filtered NXDOMAIN is asked of the next resolver before the registry.
func TestFilteredAskedOfAnotherResolver(t *testing.T) {
	firewall, honest := dnstest.New(t), dnstest.New(t)
	firewall.Override(nxWith(dnstest.SOA("rpz.local")))
	honest.Handle("phish.com", dns.TypeNS, referral("phish.com", "ns.phish.test"))
	c, _ := newClient(t, nil, firewall, honest)
	for range 2 { // one lookup starts at each resolver
		if got := c.Lookup(context.Background(), "phish.com"); got.Status != Registered || got.Reason != ReasonDelegation {
			t.Errorf("Lookup(phish.com) = %s/%q, want registered/delegation", got.Status, got.Reason)
		}
	}
}

// Canaries at probe time: deniers and inventors are dropped and named.
func TestCanaries(t *testing.T) {
	const brand = "example.com"
	honestWorld := func(s *dnstest.Server) {
		s.Handle(brand, dns.TypeNS, referral(brand, "ns1.example.net"))
		s.Handle("com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("com", "a.gtld.test")})
	}
	tests := []struct {
		name string
		// setup scripts the resolvers (two unless one is nil) and the
		// registry's server (auth, may be ignored).
		setup    func(a, b, auth *dnstest.Server)
		one      bool
		suffixes []string
		wantErr  bool     // Probe fails with ErrNoResolver
		dropped  []string // "a", "b"
		warn     string   // a warning that must be given
	}{
		{name: "honest resolvers keep", setup: func(a, b, _ *dnstest.Server) { honestWorld(a); honestWorld(b) }},
		{name: "one resolver says NXDOMAIN for everything", one: true,
			setup:   func(a, _, _ *dnstest.Server) { honestWorld(a); a.Override(dnstest.Rule{Kind: dnstest.NXDomain}) },
			wantErr: true, dropped: []string{"a"}, warn: "lies: it says NXDOMAIN"},
		{name: "a denier beside an honest one", setup: func(a, b, _ *dnstest.Server) {
			honestWorld(a)
			honestWorld(b)
			b.Override(dnstest.Rule{Kind: dnstest.NXDomain})
		}, dropped: []string{"b"}, warn: "exists (resolver"},
		{name: "a denier with an RPZ SOA beside an honest one", setup: func(a, b, _ *dnstest.Server) {
			honestWorld(a)
			b.Override(nxWith(dnstest.SOA("rpz.local")))
		}, dropped: []string{"b"}},
		{name: "a denier that knows the TLD, settled by the registry", one: true,
			setup: func(a, _, auth *dnstest.Server) {
				parentWorld(a, "com")
				auth.Handle(brand, dns.TypeNS, referral(brand, "ns1.example.net"))
			},
			wantErr: true, dropped: []string{"a"}, warn: "delegated by the servers of .com"},
		{name: "the brand truly unregistered is a warning", one: true,
			setup: func(a, _, _ *dnstest.Server) { parentWorld(a, "com") },
			warn:  "is not registered (the servers of .com say NXDOMAIN)"},
		{name: "nobody can tell is a warning", one: true,
			setup: func(a, _, _ *dnstest.Server) {
				a.Handle("com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("com", "a.gtld.test")})
			},
			warn: "these resolvers deny names"},
		{name: "an inventor of NS sets beside an honest one", suffixes: []string{"com"}, setup: func(a, b, _ *dnstest.Server) {
			honestWorld(a)
			honestWorld(b)
			b.InventNS("ns.hijack.test")
		}, dropped: []string{"b"}, warn: "says NS ns.hijack.test"},
		{name: "an inventor alone, settled by the registry", one: true, suffixes: []string{"com"},
			setup: func(a, _, _ *dnstest.Server) {
				honestWorld(a)
				parentWorld(a, "com")
				a.InventNS("ns.hijack.test")
			},
			wantErr: true, dropped: []string{"a"}, warn: "the servers of .com say NXDOMAIN"},
		{name: "a wildcard suffix every resolver agrees on", suffixes: []string{"wild"}, setup: func(a, b, _ *dnstest.Server) {
			for _, s := range []*dnstest.Server{a, b} {
				honestWorld(s)
				s.Wildcard("wild", dnstest.NS("*.wild", "ns.registry.test")...)
			}
		}},
		{name: "a filtering resolver is no liar", suffixes: []string{"net"}, setup: func(a, b, _ *dnstest.Server) {
			honestWorld(a)
			honestWorld(b)
			b.SetDefault(nxWith(dnstest.SOA("rpz.local")))
		}, warn: "filtering resolver"},
		{name: "a resolver truncating over TCP too is no liar", one: true, setup: func(a, _, _ *dnstest.Server) {
			honestWorld(a)
			a.SetDefault(dnstest.Rule{Kind: dnstest.NoData, Truncate: true, TruncateTCP: true})
		}, warn: "did not answer the probe (truncated)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b, auth := dnstest.New(t), dnstest.New(t), dnstest.New(t)
			servers := []*dnstest.Server{a, b}
			if tt.one {
				servers = servers[:1]
			}
			tt.setup(a, b, auth)
			c, warn := newClient(t, withAuth(auth, func(o *Options) { o.Canaries = []string{"www." + brand} }), servers...)
			err := c.Probe(context.Background(), tt.suffixes)
			if got := errors.Is(err, ErrNoResolver); got != tt.wantErr {
				t.Fatalf("Probe error %v; want ErrNoResolver: %v", err, tt.wantErr)
			}
			var want []string
			for _, d := range tt.dropped {
				want = append(want, map[string]string{"a": a.Addr(), "b": b.Addr()}[d])
			}
			if got := c.Stats().Dropped; !slices.Equal(got, want) {
				t.Errorf("dropped %v, want %v (warnings %q)", got, want, warn.all())
			}
			var liars []string
			for _, l := range c.Trust().Liars {
				liars = append(liars, l.Resolver)
			}
			if !slices.Equal(liars, want) {
				t.Errorf("Trust().Liars %v, want %v", liars, want)
			}
			if tt.wantErr && (err == nil || !strings.Contains(err.Error(), want[0])) {
				t.Errorf("Probe error %v does not name the liar %s", err, want[0])
			}
			if tt.warn != "" && !slices.ContainsFunc(warn.all(), func(m string) bool { return strings.Contains(m, tt.warn) }) {
				t.Errorf("no warning with %q in %q", tt.warn, warn.all())
			}
		})
	}
}

// After a denier is dropped, a registered name is never asked there.
func TestDenierDroppedBeforeTheScan(t *testing.T) {
	honest, denier := dnstest.New(t), dnstest.New(t)
	for _, s := range []*dnstest.Server{honest, denier} {
		s.Handle("example.com", dns.TypeNS, referral("example.com", "ns1.example.net"))
		s.Handle("examp1e.com", dns.TypeNS, referral("examp1e.com", "ns.phish.test"))
	}
	denier.Override(dnstest.Rule{Kind: dnstest.NXDomain})
	c, _ := newClient(t, func(o *Options) { o.Canaries = []string{"example.com"} }, honest, denier)
	if err := c.Probe(context.Background(), []string{"com"}); err != nil {
		t.Fatal(err)
	}
	for r := range c.Resolve(context.Background(), candidates("examp1e.com", "examp1e.com", "examp1e.com", "examp1e.com")) {
		if r.Status != Registered {
			t.Errorf("%s = %s/%s after the denier was dropped, want registered", r.Domain, r.Status, r.Reason)
		}
	}
}

// CrossCheck: an NXDOMAIN is asked of a second resolver, and a disagreement
// is settled by the registry.
func TestCrossCheck(t *testing.T) {
	tests := []struct {
		name string
		auth func(a *dnstest.Server) // nil: no registry to ask
		// outcomes allowed (the lookup that starts at the honest resolver
		// sees its delegation first), and the one that must occur.
		allowed []string
		must    string
	}{
		{name: "the registry delegates it",
			auth:    func(a *dnstest.Server) { a.Handle("name.com", dns.TypeNS, referral("name.com", "ns.real.test")) },
			allowed: []string{"registered/delegation", "registered/authority"}, must: "registered/authority"},
		{name: "the registry says NXDOMAIN", auth: func(a *dnstest.Server) {},
			allowed: []string{"registered/delegation", "unregistered/"}, must: "unregistered/"},
		{name: "nobody can settle it",
			allowed: []string{"registered/delegation", "unknown/resolvers-disagree"}, must: "unknown/resolvers-disagree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			denies, has := dnstest.New(t), dnstest.New(t)
			has.Handle("name.com", dns.TypeNS, referral("name.com", "ns.real.test"))
			var auth *dnstest.Server
			if tt.auth != nil {
				auth = authority(t, "com", denies, has)
				tt.auth(auth)
			}
			c, _ := newClient(t, withAuth(auth, func(o *Options) { o.CrossCheck = true }), denies, has)
			var seen []string
			for range 4 { // consecutive lookups start at alternate resolvers
				got := c.Lookup(context.Background(), "name.com")
				seen = append(seen, got.Status.String()+"/"+got.Reason)
			}
			for _, s := range seen {
				if !slices.Contains(tt.allowed, s) {
					t.Errorf("outcome %s, want one of %v (all: %v)", s, tt.allowed, seen)
				}
			}
			if !slices.Contains(seen, tt.must) {
				t.Errorf("outcomes %v never %s", seen, tt.must)
			}
		})
	}
}

func TestConfirmUnregistered(t *testing.T) {
	tests := []struct {
		name   string
		qname  string
		auth   func(a *dnstest.Server) // nil: the suffix's servers cannot be found
		status Status
		reason string
	}{
		{name: "authoritative NXDOMAIN", auth: func(a *dnstest.Server) {}, status: Unregistered},
		{name: "a subdomain is confirmed on its registrable domain", qname: "www.name.com", auth: func(a *dnstest.Server) {}, status: Unregistered},
		{name: "a delegation", auth: func(a *dnstest.Server) { a.Handle("name.com", dns.TypeNS, referral("name.com", "ns.x.test")) },
			status: Registered, reason: ReasonAuthority},
		{name: "NXDOMAIN without SOA", auth: func(a *dnstest.Server) {
			a.Handle("name.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.NXDomain, NoSOA: true})
		}, status: Unknown, reason: ReasonUnconfirmed},
		{name: "NXDOMAIN with an RPZ SOA", auth: func(a *dnstest.Server) {
			a.Handle("name.com", dns.TypeNS, nxWith(dnstest.SOA("rpz.local")))
		}, status: Unknown, reason: ReasonUnconfirmed},
		{name: "the registry is silent", auth: func(a *dnstest.Server) { a.Override(dnstest.Rule{Kind: dnstest.Drop}) },
			status: Unknown, reason: ReasonUnconfirmed},
		{name: "the registry's zone holds the name itself", auth: func(a *dnstest.Server) {
			a.Handle("name.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.NoData})
		}, status: Unknown, reason: ReasonUnconfirmed},
		{name: "no registry servers found", status: Unknown, reason: ReasonUnconfirmed},
		{name: "bad name", qname: "bad name.com", status: Unknown, reason: ReasonBadName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := dnstest.New(t)
			// The resolver's own word must not matter: it says NXDOMAIN.
			var auth *dnstest.Server
			if tt.auth != nil {
				auth = authority(t, "com", s)
				tt.auth(auth)
			}
			c, _ := newClient(t, withAuth(auth, nil), s)
			qname := cmpOr(tt.qname, "name.com")
			st, reason := c.ConfirmUnregistered(context.Background(), qname)
			if st != tt.status || reason != tt.reason {
				t.Errorf("ConfirmUnregistered(%s) = %s/%q, want %s/%q", qname, st, reason, tt.status, tt.reason)
			}
		})
	}
}

// Under a wildcard suffix, the suffix's servers decide: a referral is
// registered, their own answer without a delegation is unregistered.
func TestWildcardDecidedByAuthority(t *testing.T) {
	tests := []struct {
		name, qname string
		status      Status
		reason      string
	}{
		{name: "delegated", qname: "taken.wild", status: Registered, reason: ReasonAuthority},
		{name: "not delegated", qname: "free.wild", status: Unregistered},
		{name: "NS wildcard: the wildcard's own NS is no delegation", qname: "free.wildns", status: Unregistered},
		{name: "NS wildcard: other NS is a delegation", qname: "taken.wildns", status: Registered, reason: ReasonAuthority},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, suffix, _ := strings.Cut(tt.qname, ".")
			s := dnstest.New(t)
			auth := authority(t, suffix, s)
			for _, srv := range []*dnstest.Server{s, auth} {
				if suffix == "wild" {
					srv.Wildcard("wild", dnstest.A("*.wild", "192.0.2.80"))
				} else {
					srv.Wildcard("wildns", dnstest.NS("*.wildns", "ns.registry-parking.test")...)
				}
			}
			auth.Handle("taken."+suffix, dns.TypeNS, referral("taken."+suffix, "ns.owner.test"))
			c, _ := newClient(t, withAuth(auth, nil), s)
			got := c.Lookup(context.Background(), tt.qname)
			if got.Status != tt.status || got.Reason != tt.reason {
				t.Errorf("Lookup(%s) = %s/%q, want %s/%q", tt.qname, got.Status, got.Reason, tt.status, tt.reason)
			}
		})
	}
}

// A reply truncated over TCP as well is unknown, never an answer.
func TestTruncatedOverTCPToo(t *testing.T) {
	s := dnstest.New(t)
	s.Handle("name.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.NoData, Truncate: true, TruncateTCP: true})
	c, _ := newClient(t, nil, s)
	if got := c.Lookup(context.Background(), "name.com"); got.Status != Unknown || got.Reason != ReasonTruncated {
		t.Errorf("Lookup = %s/%q, want unknown/truncated", got.Status, got.Reason)
	}
}

func TestBlind(t *testing.T) {
	names := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "n" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".com"
		}
		return out
	}
	tests := []struct {
		name    string
		setup   func(s *dnstest.Server, names []string)
		n       int
		blind   bool
		message string
	}{
		{name: "honest NXDOMAIN", n: 30, setup: func(*dnstest.Server, []string) {}},
		{name: "nothing answers", n: 30, blind: true, message: "got a reply",
			setup: func(s *dnstest.Server, _ []string) { s.Override(dnstest.Rule{Kind: dnstest.Drop}) }},
		{name: "nearly every name refused", n: 30, blind: true, message: "refused 28",
			setup: func(s *dnstest.Server, ns []string) {
				for _, n := range ns[:28] {
					s.Handle(n, dns.TypeNS, dnstest.Rule{Kind: dnstest.Refused})
				}
			}},
		{name: "a few names refused", n: 30,
			setup: func(s *dnstest.Server, ns []string) {
				for _, n := range ns[:5] {
					s.Handle(n, dns.TypeNS, dnstest.Rule{Kind: dnstest.Refused})
				}
			}},
		{name: "a small run, all refused", n: 3, blind: true, message: "3 of 3",
			setup: func(s *dnstest.Server, ns []string) {
				for _, n := range ns {
					s.Handle(n, dns.TypeNS, dnstest.Rule{Kind: dnstest.Refused})
				}
			}},
		{name: "a small run, most refused", n: 3,
			setup: func(s *dnstest.Server, ns []string) {
				for _, n := range ns[:2] {
					s.Handle(n, dns.TypeNS, dnstest.Rule{Kind: dnstest.Refused})
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := dnstest.New(t)
			ns := names(tt.n)
			tt.setup(s, ns)
			c, _ := newClient(t, func(o *Options) { o.Retries = 0 }, s)
			var tally Tally
			for r := range c.Resolve(context.Background(), candidates(ns...)) {
				tally.Add(r)
			}
			err := c.Blind(tally)
			if got := errors.Is(err, ErrBlind); got != tt.blind {
				t.Fatalf("Blind = %v, want blind %v (tally %+v)", err, tt.blind, tally)
			}
			if tt.blind && (!strings.Contains(err.Error(), tt.message) || !strings.Contains(err.Error(), s.Addr())) {
				t.Errorf("Blind = %q, want it to say %q and name %s", err, tt.message, s.Addr())
			}
		})
	}
}

// A firewall's NXDOMAIN for the suffix itself does not hide the suffix's
// servers: they are found through the next resolver.
func TestParentServersPastAFilter(t *testing.T) {
	firewall, honest := dnstest.New(t), dnstest.New(t)
	firewall.Override(nxWith(dnstest.SOA("rpz.local")))
	auth := authority(t, "com", honest)
	honest.Handle("lame.com", dns.TypeNS, dnstest.Rule{Kind: dnstest.Drop}) // dead name servers
	auth.Handle("lame.com", dns.TypeNS, referral("lame.com", "ns.dead.test"))
	c, _ := newClient(t, withAuth(auth, func(o *Options) { o.Retries = 1 }), firewall, honest)
	for range 2 {
		if got := c.Lookup(context.Background(), "lame.com"); got.Status != Registered || got.Reason != ReasonParent {
			t.Errorf("Lookup(lame.com) = %s/%q, want registered/parent", got.Status, got.Reason)
		}
	}
}

// Confirm rewrites an Unregistered result the registry does not confirm.
func TestConfirm(t *testing.T) {
	s := dnstest.New(t) // says NXDOMAIN for everything
	auth := authority(t, "com", s)
	auth.Handle("taken.com", dns.TypeNS, referral("taken.com", "ns.real.test"))
	c, _ := newClient(t, withAuth(auth, nil), s)
	tests := []struct {
		name   string
		in     Result
		still  bool
		status Status
		reason string
		ns     []string
	}{
		{name: "confirmed", in: Result{Registrable: "free.com", Status: Unregistered}, still: true, status: Unregistered},
		{name: "the registry delegates it", in: Result{Registrable: "taken.com", Status: Unregistered},
			status: Registered, reason: ReasonAuthority, ns: []string{"ns.real.test"}},
		{name: "registered results are left alone", in: Result{Registrable: "taken.com", Status: Registered, Reason: ReasonDelegation},
			status: Registered, reason: ReasonDelegation},
		{name: "unknown results are left alone", in: Result{Registrable: "x.com", Status: Unknown, Reason: ReasonTimeout},
			status: Unknown, reason: ReasonTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.in
			if got := c.Confirm(context.Background(), &r); got != tt.still || r.Status != tt.status || r.Reason != tt.reason || !slices.Equal(r.NS, tt.ns) {
				t.Errorf("Confirm = %v, %s/%q NS %v; want %v, %s/%q NS %v", got, r.Status, r.Reason, r.NS, tt.still, tt.status, tt.reason, tt.ns)
			}
		})
	}
}

// A filtered name is asked of each resolver once, not retried where it was
// filtered.
func TestFilteredIsNotRetriedThere(t *testing.T) {
	s := dnstest.New(t)
	s.Handle("blocked.com", dns.TypeNS, nxWith(dnstest.SOA("rpz.local")))
	c, _ := newClient(t, func(o *Options) { o.Retries = 2 }, s)
	c.Lookup(context.Background(), "blocked.com")
	if got := s.Count("blocked.com", dns.TypeNS); got != 1 {
		t.Errorf("blocked.com asked %d times of the one filtering resolver, want 1", got)
	}
}
