package dnstest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Kind is what a scripted reply says.
type Kind uint8

const (
	// NXDomain is the zero value, so an unscripted name does not exist.
	NXDomain Kind = iota
	// Answer: NOERROR, authoritative, Rule.Answer in the answer section.
	Answer
	// NoData: NOERROR, authoritative, empty answer, a SOA in authority.
	NoData
	// Referral: NOERROR, not authoritative, Rule.Ns (an NS set) in authority and
	// Rule.Extra (glue) in additional: what a parent zone's server says.
	Referral
	ServFail
	Refused
	FormErr
	NotImp
	// Drop sends nothing (over TCP the connection is closed).
	Drop
)

var kindNames = [...]string{NXDomain: "NXDOMAIN", Answer: "answer", NoData: "NODATA", Referral: "referral",
	ServFail: "SERVFAIL", Refused: "REFUSED", FormErr: "FORMERR", NotImp: "NOTIMP", Drop: "drop"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Forge is a bogus reply sent before the scripted one. Forged replies always
// say NXDOMAIN: the lie that would do the most harm if a client believed it.
type Forge uint8

const (
	ForgeNone Forge = iota
	// ForgeID: right question, wrong message ID.
	ForgeID
	// ForgeQuestion: right ID, a question about another name.
	ForgeQuestion
)

// Rule scripts the reply to one name and type.
type Rule struct {
	Kind   Kind
	Answer []dns.RR
	Ns     []dns.RR
	Extra  []dns.RR
	// Truncate: over UDP the reply has TC set and empty sections; over TCP it is
	// the reply as scripted.
	Truncate bool
	// TCPDrop closes TCP connections without a reply (with Truncate: a
	// truncation that TCP cannot finish).
	TCPDrop bool
	// TruncateTCP sets TC over TCP too, with empty sections: a reply no
	// transport can finish (RFC 7766 gives TC over TCP no meaning).
	TruncateTCP bool
	// NoSOA leaves the SOA out of a NXDOMAIN or NODATA reply when Ns is nil,
	// as filtering resolvers that only rewrite the rcode do.
	NoSOA bool
	// Forge sends a forged reply first; with Kind Drop it is the only reply.
	Forge Forge
	// NoQuestion leaves the question section out of the reply, as some
	// servers do with errors.
	NoQuestion bool
	// Delay holds the reply back (replies are served concurrently).
	Delay time.Duration
}

type key struct {
	name  string
	qtype uint16
}

type wildcard struct {
	suffix string // fqdn, lower case
	rrs    []dns.RR
}

// Server is a scripted DNS server on 127.0.0.1, UDP and TCP on one port.
type Server struct {
	udp, tcp *dns.Server
	addr     string

	mu      sync.Mutex
	rules   map[key]Rule
	wild    []wildcard
	lie     net.IP
	invent  []string // NS targets invented for every unscripted NS query
	over    *Rule    // answers every query, scripted or not
	def     Rule
	drop    float64
	jitter  time.Duration
	mixCase bool
	rng     *rand.Rand
	counts  map[key]int

	total atomic.Int64
}

// New starts a server and stops it when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s, err := Start()
	if err != nil {
		tb.Fatalf("dnstest: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Start starts a server on 127.0.0.1 at a port the kernel picks, the same
// port for UDP and TCP.
func Start() (*Server, error) {
	s := &Server{
		rules:  make(map[key]Rule),
		counts: make(map[key]int),
		rng:    rand.New(rand.NewPCG(1, 1)),
	}
	var lastErr error
	// The UDP port the kernel picks may be taken for TCP; a few tries find one free for both.
	for range 20 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("listen udp on 127.0.0.1: %w", err)
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			lastErr = err
			continue
		}
		s.addr = pc.LocalAddr().String()
		s.udp = &dns.Server{PacketConn: pc, Handler: s}
		s.tcp = &dns.Server{Listener: l, Handler: s}
		if err := serve(s.udp); err != nil {
			pc.Close()
			l.Close()
			return nil, err
		}
		if err := serve(s.tcp); err != nil {
			s.udp.Shutdown()
			l.Close()
			return nil, err
		}
		return s, nil
	}
	return nil, fmt.Errorf("no loopback port free for both UDP and TCP: %w", lastErr)
}

func serve(srv *dns.Server) error {
	started := make(chan struct{})
	failed := make(chan error, 1)
	srv.NotifyStartedFunc = func() { close(started) }
	go func() {
		if err := srv.ActivateAndServe(); err != nil {
			failed <- err
		}
	}()
	select {
	case <-started:
		return nil
	case err := <-failed:
		return fmt.Errorf("start dns server: %w", err)
	}
}

// Close stops the server.
func (s *Server) Close() error {
	return errors.Join(s.udp.Shutdown(), s.tcp.Shutdown())
}

// Addr is "127.0.0.1:port", for UDP and TCP alike.
func (s *Server) Addr() string { return s.addr }

// Port is the server's port.
func (s *Server) Port() int { return s.udp.PacketConn.LocalAddr().(*net.UDPAddr).Port }

// Handle scripts the reply to name for qtype; qtype dns.TypeNone (0) scripts
// every type that has no rule of its own.
func (s *Server) Handle(name string, qtype uint16, r Rule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules[key{canon(name), qtype}] = r
}

// SetDefault scripts the reply to everything no other rule covers
// (NXDOMAIN until set).
func (s *Server) SetDefault(r Rule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.def = r
}

// Wildcard makes every unscripted name strictly under suffix exist: queries
// for the type of one of rrs are answered with those records, owned by the
// name asked; other types get NODATA. This is what a wildcard TLD looks like.
func (s *Server) Wildcard(suffix string, rrs ...dns.RR) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wild = append(s.wild, wildcard{canon(suffix), rrs})
}

// Lie makes the server answer every unscripted query with NOERROR: A queries
// with ip, other types with an empty answer, as resolvers that rewrite
// NXDOMAIN into an advertising page do.
func (s *Server) Lie(ip string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lie = net.ParseIP(ip)
	if s.lie == nil {
		panic("dnstest: Lie needs an IP address, got " + ip)
	}
}

// Override answers every query, scripted or not, with r: a resolver that
// says NXDOMAIN for everything (Rule{Kind: NXDomain}), or a DNS firewall that
// blocks everything with its own SOA (Rule{Kind: NXDomain, Ns: []dns.RR{SOA("rpz.local")}}).
// Override(Rule{}) with the zero Rule is NXDOMAIN for all; ClearOverride
// undoes it.
func (s *Server) Override(r Rule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.over = &r
}

// ClearOverride returns to the script.
func (s *Server) ClearOverride() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.over = nil
}

// InventNS makes the server answer every unscripted NS query for a name
// under a TLD with an NS set of hosts owned by the name asked, as a
// hijacking resolver that claims every name is delegated does. Other
// unscripted types of such names get NODATA; TLDs themselves are left alone.
func (s *Server) InventNS(hosts ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(hosts) == 0 {
		panic("dnstest: InventNS needs at least one host")
	}
	s.invent = hosts
}

// SetDrop drops that fraction of UDP queries unanswered, drawn from a
// generator seeded with seed so a run can be repeated.
func (s *Server) SetDrop(p float64, seed uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop = p
	s.rng = rand.New(rand.NewPCG(seed, seed))
}

// SetJitter delays every reply by a random time up to max.
func (s *Server) SetJitter(max time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jitter = max
}

// SetMixCase echoes the question name with its letters' case flipped, which
// RFC 1035 allows and DNS 0x20 relies on; clients must compare names
// case-insensitively.
func (s *Server) SetMixCase(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mixCase = on
}

// Queries is the number of queries received, over UDP and TCP, dropped or not.
func (s *Server) Queries() int { return int(s.total.Load()) }

// Count is the number of queries received for name and qtype; qtype
// dns.TypeNone counts every type.
func (s *Server) Count(name string, qtype uint16) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	name = canon(name)
	if qtype != dns.TypeNone {
		return s.counts[key{name, qtype}]
	}
	n := 0
	for k, c := range s.counts {
		if k.name == name {
			n += c
		}
	}
	return n
}

// ServeDNS implements dns.Handler.
func (s *Server) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	s.total.Add(1)
	overTCP := w.LocalAddr().Network() == "tcp"
	if len(req.Question) != 1 {
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeFormatError)
		w.WriteMsg(m)
		return
	}
	q := req.Question[0]
	name := canon(q.Name)

	s.mu.Lock()
	s.counts[key{name, q.Qtype}]++
	dropped := !overTCP && s.drop > 0 && s.rng.Float64() < s.drop
	var jitter time.Duration
	if s.jitter > 0 {
		jitter = time.Duration(s.rng.Int64N(int64(s.jitter)))
	}
	rule := s.lookup(name, q.Qtype)
	mixCase := s.mixCase
	s.mu.Unlock()

	if dropped {
		return
	}
	time.Sleep(jitter + rule.Delay)
	if overTCP && rule.TCPDrop {
		w.Close()
		return
	}
	if rule.Forge != ForgeNone {
		f := new(dns.Msg)
		f.SetRcode(req, dns.RcodeNameError)
		f.Authoritative = true
		switch rule.Forge {
		case ForgeID:
			f.Id = req.Id ^ 0x5a5a
		case ForgeQuestion:
			f.Question[0].Name = "forged." + q.Name
		}
		w.WriteMsg(f)
	}
	if rule.Kind == Drop {
		if overTCP {
			w.Close()
		}
		return
	}
	w.WriteMsg(s.reply(req, rule, overTCP, mixCase))
}

// lookup finds the rule for a name; s.mu is held.
func (s *Server) lookup(name string, qtype uint16) Rule {
	if s.over != nil {
		return *s.over
	}
	if r, ok := s.rules[key{name, qtype}]; ok {
		return r
	}
	if r, ok := s.rules[key{name, dns.TypeNone}]; ok {
		return r
	}
	for _, w := range s.wild {
		if name == w.suffix || !dns.IsSubDomain(w.suffix, name) {
			continue
		}
		r := Rule{Kind: NoData}
		for _, rr := range w.rrs {
			if rr.Header().Rrtype == qtype {
				rr = dns.Copy(rr)
				rr.Header().Name = name
				r.Kind = Answer
				r.Answer = append(r.Answer, rr)
			}
		}
		return r
	}
	if s.invent != nil && dns.CountLabel(name) > 1 {
		if qtype == dns.TypeNS {
			return Rule{Kind: Answer, Answer: NS(name, s.invent...)}
		}
		return Rule{Kind: NoData}
	}
	if s.lie != nil {
		r := Rule{Kind: NoData}
		if qtype == dns.TypeA && s.lie.To4() != nil {
			r.Kind = Answer
			r.Answer = []dns.RR{&dns.A{Hdr: hdr(name, dns.TypeA), A: s.lie}}
		}
		return r
	}
	return s.def
}

func (s *Server) reply(req *dns.Msg, r Rule, overTCP, mixCase bool) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = req.RecursionDesired
	if mixCase {
		m.Question[0].Name = flipCase(m.Question[0].Name)
	}
	name := canon(req.Question[0].Name)
	switch r.Kind {
	case Answer:
		m.Authoritative = true
		m.Answer, m.Ns, m.Extra = r.Answer, r.Ns, r.Extra
	case NoData, NXDomain:
		m.Authoritative = true
		if r.Kind == NXDomain {
			m.Rcode = dns.RcodeNameError
			m.Answer = r.Answer // a CNAME chain ending in a name that does not exist
		}
		m.Ns = r.Ns
		if m.Ns == nil && !r.NoSOA {
			m.Ns = []dns.RR{soa(name)}
		}
	case Referral:
		m.Ns, m.Extra = r.Ns, r.Extra
	case ServFail:
		m.Rcode = dns.RcodeServerFailure
	case Refused:
		m.Rcode = dns.RcodeRefused
	case FormErr:
		m.Rcode = dns.RcodeFormatError
	case NotImp:
		m.Rcode = dns.RcodeNotImplemented
	}
	if o := req.IsEdns0(); o != nil {
		m.SetEdns0(1232, false)
	}
	if r.NoQuestion {
		m.Question = nil
	}
	if r.Truncate && !overTCP || r.TruncateTCP && overTCP {
		m.Truncated = true
		m.Answer, m.Ns, m.Extra = nil, nil, nil
	}
	return m
}

// soa is the SOA of name's TLD, or of the root for a TLD itself, as the
// registry's (the root's) servers put in a negative answer.
func soa(name string) dns.RR {
	zone := "."
	if labels := dns.SplitDomainName(name); len(labels) > 1 {
		zone = labels[len(labels)-1] + "."
	}
	return SOA(zone)
}

// SOA is a SOA record owned by zone, for a negative answer's authority
// section: SOA("com") is what the com servers put there, SOA("rpz.local")
// what a DNS firewall's response-policy zone does.
func SOA(zone string) dns.RR {
	zone = dns.Fqdn(canon(zone))
	return &dns.SOA{Hdr: hdr(zone, dns.TypeSOA), Ns: "ns." + strings.TrimPrefix(zone, "."), Mbox: "hostmaster." + strings.TrimPrefix(zone, "."),
		Serial: 1, Refresh: 3600, Retry: 600, Expire: 86400, Minttl: 300}
}

func hdr(name string, t uint16) dns.RR_Header {
	return dns.RR_Header{Name: name, Rrtype: t, Class: dns.ClassINET, Ttl: 300}
}

func canon(name string) string { return dns.CanonicalName(name) }

func flipCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// RR parses one record in zone-file syntax ("example.com. 300 IN NS ns1.example.net.")
// and panics on a typo: scripts are code.
func RR(s string) dns.RR {
	rr, err := dns.NewRR(s)
	if err != nil || rr == nil {
		panic(fmt.Sprintf("dnstest: bad record %q: %v", s, err))
	}
	return rr
}

// NS is the NS set of zone pointing at hosts.
func NS(zone string, hosts ...string) []dns.RR {
	rrs := make([]dns.RR, len(hosts))
	for i, h := range hosts {
		rrs[i] = &dns.NS{Hdr: hdr(dns.Fqdn(zone), dns.TypeNS), Ns: dns.Fqdn(h)}
	}
	return rrs
}

// A is an address record for name (A or AAAA, from the form of ip).
func A(name, ip string) dns.RR {
	addr := net.ParseIP(ip)
	if addr == nil {
		panic("dnstest: bad address " + ip)
	}
	if v4 := addr.To4(); v4 != nil {
		return &dns.A{Hdr: hdr(dns.Fqdn(name), dns.TypeA), A: v4}
	}
	return &dns.AAAA{Hdr: hdr(dns.Fqdn(name), dns.TypeAAAA), AAAA: addr}
}
