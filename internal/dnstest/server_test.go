package dnstest

import (
	"testing"
	"time"

	"github.com/miekg/dns"
)

func ask(t *testing.T, s *Server, net, name string, qtype uint16) (*dns.Msg, error) {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	c := &dns.Client{Net: net, Timeout: 300 * time.Millisecond}
	r, _, err := c.Exchange(m, s.Addr())
	return r, err
}

func TestKinds(t *testing.T) {
	s := New(t)
	s.Handle("answer.test", dns.TypeA, Rule{Kind: Answer, Answer: []dns.RR{A("answer.test", "192.0.2.1")}})
	s.Handle("nodata.test", dns.TypeNone, Rule{Kind: NoData})
	s.Handle("servfail.test", dns.TypeNone, Rule{Kind: ServFail})
	s.Handle("refused.test", dns.TypeNone, Rule{Kind: Refused})
	s.Handle("formerr.test", dns.TypeNone, Rule{Kind: FormErr})
	s.Handle("notimp.test", dns.TypeNone, Rule{Kind: NotImp})
	s.Handle("referral.test", dns.TypeNS, Rule{Kind: Referral, Ns: NS("referral.test", "ns1.host.test")})
	s.Handle("drop.test", dns.TypeNone, Rule{Kind: Drop})
	s.Handle("trunc.test", dns.TypeA, Rule{Kind: Answer, Answer: []dns.RR{A("trunc.test", "192.0.2.2")}, Truncate: true})

	tests := []struct {
		name, qname string
		qtype       uint16
		net         string
		wantErr     bool
		rcode       int
		answers     int
		authority   int
		tc          bool
	}{
		{name: "answer", qname: "answer.test", qtype: dns.TypeA, answers: 1},
		{name: "other type of an answered name is NXDOMAIN unless scripted", qname: "answer.test", qtype: dns.TypeMX, rcode: dns.RcodeNameError, authority: 1},
		{name: "nodata", qname: "nodata.test", qtype: dns.TypeA, authority: 1},
		{name: "unscripted is nxdomain", qname: "nothing.test", qtype: dns.TypeA, rcode: dns.RcodeNameError, authority: 1},
		{name: "servfail", qname: "servfail.test", qtype: dns.TypeA, rcode: dns.RcodeServerFailure},
		{name: "refused", qname: "refused.test", qtype: dns.TypeA, rcode: dns.RcodeRefused},
		{name: "formerr", qname: "formerr.test", qtype: dns.TypeA, rcode: dns.RcodeFormatError},
		{name: "notimp", qname: "notimp.test", qtype: dns.TypeA, rcode: dns.RcodeNotImplemented},
		{name: "referral", qname: "referral.test", qtype: dns.TypeNS, authority: 1},
		{name: "drop", qname: "drop.test", qtype: dns.TypeA, wantErr: true},
		{name: "truncated over udp", qname: "trunc.test", qtype: dns.TypeA, tc: true},
		{name: "full over tcp", qname: "trunc.test", qtype: dns.TypeA, net: "tcp", answers: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ask(t, s, tt.net, tt.qname, tt.qtype)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("got a reply, want none: %v", r)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Rcode != tt.rcode || len(r.Answer) != tt.answers || len(r.Ns) != tt.authority || r.Truncated != tt.tc {
				t.Errorf("rcode %s, %d answers, %d authority, tc %v; want %s, %d, %d, %v",
					dns.RcodeToString[r.Rcode], len(r.Answer), len(r.Ns), r.Truncated,
					dns.RcodeToString[tt.rcode], tt.answers, tt.authority, tt.tc)
			}
		})
	}
	if got := s.Count("trunc.test", dns.TypeA); got != 2 {
		t.Errorf("Count(trunc.test, A) = %d, want 2", got)
	}
}

func TestForge(t *testing.T) {
	s := New(t)
	s.Handle("id.test", dns.TypeA, Rule{Kind: Drop, Forge: ForgeID})
	s.Handle("question.test", dns.TypeA, Rule{Kind: NoData, Forge: ForgeQuestion})
	conn, err := dns.Dial("udp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))

	m := new(dns.Msg)
	m.SetQuestion("id.test.", dns.TypeA)
	conn.WriteMsg(m)
	r, err := conn.ReadMsg()
	if err != nil {
		t.Fatal(err)
	}
	if r.Id == m.Id || r.Rcode != dns.RcodeNameError {
		t.Errorf("forged reply has id %d (query %d), rcode %s; want another id and NXDOMAIN", r.Id, m.Id, dns.RcodeToString[r.Rcode])
	}

	m.SetQuestion("question.test.", dns.TypeA)
	conn.WriteMsg(m)
	forged, err := conn.ReadMsg()
	if err != nil {
		t.Fatal(err)
	}
	real, err := conn.ReadMsg()
	if err != nil {
		t.Fatal(err)
	}
	if forged.Id != m.Id || forged.Question[0].Name == "question.test." {
		t.Errorf("forged reply %v should carry the query's id and another question", forged.Question)
	}
	if real.Question[0].Name != "question.test." || real.Rcode != dns.RcodeSuccess {
		t.Errorf("real reply %v should follow the forgery", real)
	}
}

func TestWildcardLieDrop(t *testing.T) {
	s := New(t)
	s.Wildcard("wild", A("*.wild", "192.0.2.9"))
	r, err := ask(t, s, "", "anything.wild", dns.TypeA)
	if err != nil || len(r.Answer) != 1 || r.Answer[0].Header().Name != "anything.wild." {
		t.Errorf("wildcard A: %v %v", r, err)
	}
	r, err = ask(t, s, "", "anything.wild", dns.TypeNS)
	if err != nil || r.Rcode != dns.RcodeSuccess || len(r.Answer) != 0 {
		t.Errorf("wildcard NS should be NODATA: %v %v", r, err)
	}
	r, err = ask(t, s, "", "wild", dns.TypeA)
	if err != nil || r.Rcode != dns.RcodeNameError {
		t.Errorf("the suffix itself is not under its wildcard: %v %v", r, err)
	}

	s.Lie("192.0.2.66")
	r, err = ask(t, s, "", "no-such-tld-xyzzy", dns.TypeA)
	if err != nil || len(r.Answer) != 1 {
		t.Errorf("liar should answer A: %v %v", r, err)
	}

	s.SetDrop(1, 7)
	if _, err := ask(t, s, "", "x.test", dns.TypeA); err == nil {
		t.Error("drop 1.0 answered")
	}
	if _, err := ask(t, s, "tcp", "x.test", dns.TypeA); err != nil {
		t.Errorf("drop applies to UDP only, TCP failed: %v", err)
	}
}

func TestMixCase(t *testing.T) {
	s := New(t)
	s.SetMixCase(true)
	r, err := ask(t, s, "", "mixed.test", dns.TypeA)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Question[0].Name; got != "MIXED.TEST." {
		t.Errorf("question echoed as %q, want MIXED.TEST.", got)
	}
}

// The hostile resolvers of issue 10: deniers, firewalls, inventors, and a
// truncation no transport finishes.
func TestHostileResolvers(t *testing.T) {
	soaOwner := func(r *dns.Msg) string {
		for _, rr := range r.Ns {
			if soa, ok := rr.(*dns.SOA); ok {
				return soa.Hdr.Name
			}
		}
		return ""
	}
	tests := []struct {
		name    string
		setup   func(s *Server)
		qname   string
		qtype   uint16
		net     string
		rcode   int
		answers int
		soa     string // owner of the SOA in authority, "" for none
		tc      bool
	}{
		{name: "NXDOMAIN carries the TLD's SOA", setup: func(s *Server) {}, qname: "x.example.com", qtype: dns.TypeNS,
			rcode: dns.RcodeNameError, soa: "com."},
		{name: "NoSOA leaves it out", setup: func(s *Server) {
			s.Handle("x.example.com", dns.TypeNS, Rule{Kind: NXDomain, NoSOA: true})
		}, qname: "x.example.com", qtype: dns.TypeNS, rcode: dns.RcodeNameError},
		{name: "an RPZ SOA", setup: func(s *Server) {
			s.Handle("x.example.com", dns.TypeNS, Rule{Kind: NXDomain, Ns: []dns.RR{SOA("rpz.local")}})
		}, qname: "x.example.com", qtype: dns.TypeNS, rcode: dns.RcodeNameError, soa: "rpz.local."},
		{name: "Override beats the script", setup: func(s *Server) {
			s.Handle("brand.com", dns.TypeNS, Rule{Kind: Answer, Answer: NS("brand.com", "ns1.brand.net")})
			s.Override(Rule{Kind: NXDomain})
		}, qname: "brand.com", qtype: dns.TypeNS, rcode: dns.RcodeNameError, soa: "com."},
		{name: "ClearOverride returns to the script", setup: func(s *Server) {
			s.Handle("brand.com", dns.TypeNS, Rule{Kind: Answer, Answer: NS("brand.com", "ns1.brand.net")})
			s.Override(Rule{Kind: NXDomain})
			s.ClearOverride()
		}, qname: "brand.com", qtype: dns.TypeNS, answers: 1},
		{name: "InventNS delegates any name", setup: func(s *Server) { s.InventNS("ns.hijack.test") },
			qname: "random-label.com", qtype: dns.TypeNS, answers: 1},
		{name: "InventNS leaves TLDs alone", setup: func(s *Server) { s.InventNS("ns.hijack.test") },
			qname: "no-such-tld", qtype: dns.TypeNS, rcode: dns.RcodeNameError, soa: "."},
		{name: "InventNS: other types NODATA", setup: func(s *Server) { s.InventNS("ns.hijack.test") },
			qname: "random-label.com", qtype: dns.TypeA, soa: "com."},
		{name: "TruncateTCP truncates over TCP", setup: func(s *Server) {
			s.Handle("big.com", dns.TypeNS, Rule{Kind: Answer, Answer: NS("big.com", "ns1.big.net"), TruncateTCP: true})
		}, qname: "big.com", qtype: dns.TypeNS, net: "tcp", tc: true},
		{name: "TruncateTCP alone leaves UDP whole", setup: func(s *Server) {
			s.Handle("big.com", dns.TypeNS, Rule{Kind: Answer, Answer: NS("big.com", "ns1.big.net"), TruncateTCP: true})
		}, qname: "big.com", qtype: dns.TypeNS, answers: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t)
			tt.setup(s)
			r, err := ask(t, s, tt.net, tt.qname, tt.qtype)
			if err != nil {
				t.Fatal(err)
			}
			if r.Rcode != tt.rcode || len(r.Answer) != tt.answers || soaOwner(r) != tt.soa || r.Truncated != tt.tc {
				t.Errorf("rcode %s, %d answers, SOA %q, tc %v; want %s, %d, %q, %v", dns.RcodeToString[r.Rcode], len(r.Answer),
					soaOwner(r), r.Truncated, dns.RcodeToString[tt.rcode], tt.answers, tt.soa, tt.tc)
			}
		})
	}
}
