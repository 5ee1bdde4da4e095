package resolve

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// rawNX is a UDP responder that answers every query NXDOMAIN with a SOA for
// "com." and an OPT, from fixed buffers: it allocates nothing, so an
// allocation count taken while it serves is the client's alone.
func rawNX(tb testing.TB) string {
	tb.Helper()
	pc, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { pc.Close() })
	soa := new(dns.Msg)
	soa.Ns = []dns.RR{&dns.SOA{Hdr: dns.RR_Header{Name: "com.", Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: 900},
		Ns: "a.gtld-servers.net.", Mbox: "nstld.verisign-grs.com.", Serial: 1, Refresh: 1800, Retry: 900, Expire: 604800, Minttl: 86400}}
	soa.SetEdns0(1232, false)
	tmpl, err := soa.Pack()
	if err != nil {
		tb.Fatal(err)
	}
	tail := tmpl[headerLen:] // the SOA and the OPT: no names point into the question
	go func() {
		in := make([]byte, 512)
		out := make([]byte, 0, 1024)
		for {
			n, from, err := pc.ReadFromUDPAddrPort(in)
			if err != nil {
				return
			}
			q := in[:n]
			qend := headerLen
			for qend < n && q[qend] != 0 {
				qend += int(q[qend]) + 1
			}
			qend += 5
			if qend > n {
				continue
			}
			out = append(out[:0], q[:qend]...)
			out[2] |= 0x84 // QR, AA
			out[3] = 0x80 | dns.RcodeNameError
			binary.BigEndian.PutUint16(out[6:], 0)
			binary.BigEndian.PutUint16(out[8:], 1)
			binary.BigEndian.PutUint16(out[10:], 1)
			out = append(out, tail...)
			pc.WriteToUDPAddrPort(out, from)
		}
	}()
	return pc.LocalAddr().String()
}

// The unregistered path allocates nothing: query packed into the worker's
// buffer, sent and received in batches, matched and decoded into a reused
// message.
func TestNegativeExchangeAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	addr := rawNX(t)
	c, err := New(Options{Resolvers: []string{addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w := c.newWorker()
	ctx := context.Background()
	ask := func() {
		resp, err := w.exchange(ctx, addr, "nothing-here.com.", dns.TypeNS, true)
		if err != nil || resp.Rcode != dns.RcodeNameError || len(resp.Ns) != 1 || resp.Ns[0].Header().Name != "com." {
			t.Fatalf("exchange: %v %v", resp, err)
		}
	}
	ask() // sockets, interned names
	if n := testing.AllocsPerRun(200, ask); n != 0 {
		t.Errorf("%.1f allocations per negative exchange, want 0", n)
	}
}

// A negative reply decoded on the fast path reads the same as miekg/dns's
// Unpack of the same datagram.
func TestDecodeNegativeMatchesUnpack(t *testing.T) {
	tests := []struct {
		name  string
		rcode int
		ns    []dns.RR
		edns  bool
	}{
		{name: "nxdomain with soa and opt", rcode: dns.RcodeNameError, edns: true,
			ns: []dns.RR{dnsRR("com. 900 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400")}},
		{name: "nodata without opt", rcode: dns.RcodeSuccess,
			ns: []dns.RR{dnsRR("Example.COM. 60 IN SOA ns1.example.com. host_master.example.com. 7 1 2 3 4")}},
		{name: "servfail, empty", rcode: dns.RcodeServerFailure, edns: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := new(dns.Msg)
			m.SetQuestion("name.example.com.", dns.TypeNS)
			m.Response, m.Rcode, m.Authoritative, m.RecursionAvailable = true, tt.rcode, true, true
			m.Id = 4242
			m.Ns = tt.ns
			if tt.edns {
				m.SetEdns0(1232, false)
			}
			m.Compress = true
			b, err := m.Pack()
			if err != nil {
				t.Fatal(err)
			}
			qend, ok := wireQuestionEnd(b, "name.example.com.", dns.TypeNS)
			if !ok {
				t.Fatal("question not matched")
			}
			var neg negMsg
			var names nameTable
			got, ok := decodeNegative(b, qend, "name.example.com.", dns.TypeNS, &neg, &names)
			if !ok {
				t.Fatal("not decoded on the fast path")
			}
			want := new(dns.Msg)
			if err := want.Unpack(b); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("fast path:\n%s\nUnpack:\n%s", got, want)
			}
		})
	}
}

func dnsRR(s string) dns.RR {
	rr, err := dns.NewRR(s)
	if err != nil {
		panic(err)
	}
	return rr
}

// Replies the fast path must leave to Unpack (answers, other records,
// escapes it does not write) are refused by it, never misread.
func TestDecodeNegativeRefuses(t *testing.T) {
	tests := []struct {
		name  string
		build func(m *dns.Msg)
	}{
		{name: "an answer", build: func(m *dns.Msg) { m.Answer = []dns.RR{dnsRR("name.example.com. 60 IN NS ns.example.net.")} }},
		{name: "ns records in authority", build: func(m *dns.Msg) { m.Ns = []dns.RR{dnsRR("example.com. 60 IN NS ns.example.net.")} }},
		{name: "a label needing escapes", build: func(m *dns.Msg) {
			m.Ns = []dns.RR{dnsRR(`com. 60 IN SOA a\.b.example. c.example. 1 2 3 4 5`)}
		}},
		{name: "an edns option", build: func(m *dns.Msg) {
			m.SetEdns0(1232, false)
			m.IsEdns0().Option = []dns.EDNS0{&dns.EDNS0_COOKIE{Code: dns.EDNS0COOKIE, Cookie: "0102030405060708"}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := new(dns.Msg)
			m.SetQuestion("name.example.com.", dns.TypeNS)
			m.Response = true
			tt.build(m)
			b, err := m.Pack()
			if err != nil {
				t.Fatal(err)
			}
			qend, ok := wireQuestionEnd(b, "name.example.com.", dns.TypeNS)
			if !ok {
				t.Fatal("question not matched")
			}
			var neg negMsg
			var names nameTable
			if got, ok := decodeNegative(b, qend, "name.example.com.", dns.TypeNS, &neg, &names); ok {
				t.Errorf("decoded on the fast path:\n%s", got)
			}
		})
	}
}

func TestWireQuestionEnd(t *testing.T) {
	m := new(dns.Msg)
	m.SetQuestion("Name.Example.COM.", dns.TypeNS)
	m.Response = true
	b, _ := m.Pack()
	q := new(dns.Msg)
	q.SetQuestion("name.example.com.", dns.TypeNS)
	qb, _ := q.Pack()
	tests := []struct {
		name  string
		b     []byte
		qname string
		qtype uint16
		want  bool
	}{
		{name: "same name, other case", b: b, qname: "name.example.com.", qtype: dns.TypeNS, want: true},
		{name: "other type", b: b, qname: "name.example.com.", qtype: dns.TypeA},
		{name: "longer name asked", b: b, qname: "www.name.example.com.", qtype: dns.TypeNS},
		{name: "shorter name asked", b: b, qname: "example.com.", qtype: dns.TypeNS},
		{name: "a query, not a reply", b: qb, qname: "name.example.com.", qtype: dns.TypeNS},
		{name: "short datagram", b: b[:5], qname: "name.example.com.", qtype: dns.TypeNS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := wireQuestionEnd(tt.b, tt.qname, tt.qtype); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzDecodeNegative: whatever arrives, the fast path never panics, and
// what it accepts reads as Unpack reads it.
func FuzzDecodeNegative(f *testing.F) {
	m := new(dns.Msg)
	m.SetQuestion("name.example.com.", dns.TypeNS)
	m.Response, m.Rcode = true, dns.RcodeNameError
	m.Ns = []dns.RR{dnsRR("com. 900 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400")}
	m.SetEdns0(1232, false)
	m.Compress = true
	b, _ := m.Pack()
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		qend, ok := wireQuestionEnd(b, "name.example.com.", dns.TypeNS)
		wireQuestionName(b, nil)
		if !ok {
			return
		}
		var neg negMsg
		var names nameTable
		got, ok := decodeNegative(b, qend, "name.example.com.", dns.TypeNS, &neg, &names)
		if !ok {
			return
		}
		want := new(dns.Msg)
		if err := want.Unpack(b); err != nil {
			t.Fatalf("fast path took a datagram Unpack refuses: %v", err)
		}
		if got.String() != want.String() {
			t.Fatalf("fast path:\n%s\nUnpack:\n%s", got, want)
		}
	})
}

// After rotateAfter queries a socket gives way to a fresh one (another
// source port), and no query is lost on the way.
func TestSocketsRotate(t *testing.T) {
	defer func(n int) { rotateAfter = n }(rotateAfter)
	rotateAfter = 50
	addr := rawNX(t)
	c, err := New(Options{Resolvers: []string{addr}})
	if err != nil {
		t.Fatal(err)
	}
	ports := func() map[string]bool {
		s := c.serverFor(addr)
		m := map[string]bool{}
		for i := range s.socks {
			m[s.socks[i].Load().conn.LocalAddr().String()] = true
		}
		return m
	}
	w := c.newWorker()
	ctx := context.Background()
	ask := func(i int) {
		resp, err := w.exchange(ctx, addr, fmt.Sprintf("n%d.com.", i), dns.TypeNS, true)
		if err != nil || resp.Rcode != dns.RcodeNameError {
			t.Fatalf("query %d: %v %v", i, resp, err)
		}
	}
	ask(0)
	before := ports()
	for i := 1; i < 1000; i++ {
		ask(i)
	}
	after := ports()
	for p := range after {
		if before[p] {
			t.Errorf("socket %s still in use after 1000 queries (rotate after %d)", p, rotateAfter)
		}
	}
	s := c.serverFor(addr)
	c.smu.Lock()
	old := slices.Clone(s.old)
	c.smu.Unlock()
	if len(old) == 0 {
		t.Fatal("no socket retired")
	}
	c.Close()
	for _, u := range old {
		if !u.isClosed() {
			t.Errorf("retired socket %s open after Close", u.conn.LocalAddr())
		}
	}
}

// appendQuery writes byte for byte what miekg/dns packs the worker's query
// to, and declines what it cannot write.
func TestAppendQueryPacksAsMiekg(t *testing.T) {
	c, err := New(Options{Resolvers: []string{"127.0.0.1:53"}})
	if err != nil {
		t.Fatal(err)
	}
	w := c.newWorker()
	for _, name := range []string{".", "com.", "example.com.", "a-b.c0.co.uk.", "xn--bcher-kva.example.", strings.Repeat("a", 63) + ".com."} {
		for _, qt := range []uint16{dns.TypeNS, dns.TypeA, dns.TypeMX} {
			for _, rd := range []bool{true, false} {
				w.q.Id = 0
				w.q.Opcode = dns.OpcodeQuery
				w.q.RecursionDesired = rd
				w.q.Question[0] = dns.Question{Name: name, Qtype: qt, Qclass: dns.ClassINET}
				want, err := w.q.Pack()
				if err != nil {
					t.Fatal(err)
				}
				got, ok := appendQuery(nil, name, qt, rd)
				if !ok || !slices.Equal(got, want) {
					t.Errorf("%s %d rd=%v: %x (ok %v), miekg %x", name, qt, rd, got, ok, want)
				}
			}
		}
	}
	for _, name := range []string{"", "com", "Example.com.", "a..com.", `a\.b.com.`, strings.Repeat("a", 64) + ".com."} {
		if _, ok := appendQuery(nil, name, dns.TypeNS, true); ok {
			t.Errorf("%q packed, want declined", name)
		}
	}
}
