package resolve

import (
	"context"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// barrierServer answers the A, AAAA and MX of one name only once all three
// have arrived (or after hold, and then says so): a client asking them one
// after another never gets its first answer before the hold runs out.
type barrierServer struct {
	mu      sync.Mutex
	arrived map[uint16]bool
	all     chan struct{}
	late    bool
}

func (b *barrierServer) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	q := req.Question[0]
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	if q.Name != "burst.com." {
		m.Rcode = dns.RcodeNameError
		w.WriteMsg(m)
		return
	}
	switch q.Qtype {
	case dns.TypeNS:
		m.Answer = []dns.RR{dnsRR(q.Name + " 60 IN NS ns.host.example.")}
	case dns.TypeA, dns.TypeAAAA, dns.TypeMX:
		b.mu.Lock()
		b.arrived[q.Qtype] = true
		all := b.all
		if len(b.arrived) == 3 {
			select {
			case <-all:
			default:
				close(all)
			}
		}
		b.mu.Unlock()
		select {
		case <-all:
		case <-time.After(2 * time.Second):
			b.mu.Lock()
			b.late = true
			b.mu.Unlock()
		}
		switch q.Qtype {
		case dns.TypeA:
			m.Answer = []dns.RR{dnsRR(q.Name + " 60 IN A 192.0.2.1")}
		case dns.TypeAAAA:
			m.Answer = []dns.RR{dnsRR(q.Name + " 60 IN AAAA 2001:db8::1")}
		case dns.TypeMX:
			m.Answer = []dns.RR{dnsRR(q.Name + " 60 IN MX 10 mail.example.net.")}
		}
	default:
		m.Rcode = dns.RcodeNameError
	}
	w.WriteMsg(m)
}

func TestRecordsAskedInOneBurst(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b := &barrierServer{arrived: map[uint16]bool{}, all: make(chan struct{})}
	srv := &dns.Server{PacketConn: pc, Handler: b}
	go srv.ActivateAndServe()
	defer srv.Shutdown()
	for _, via := range []string{RecordsViaLean, RecordsViaDNSX} {
		t.Run(via, func(t *testing.T) {
			b.mu.Lock()
			b.arrived, b.all, b.late = map[uint16]bool{}, make(chan struct{}), false
			b.mu.Unlock()
			c, err := New(Options{Resolvers: []string{pc.LocalAddr().String()}, Records: true, RecordsVia: via, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			got := c.Lookup(context.Background(), "burst.com")
			if got.Status != Registered || !slices.Equal(got.A, []string{"192.0.2.1"}) ||
				!slices.Equal(got.AAAA, []string{"2001:db8::1"}) || !slices.Equal(got.MX, []string{"mail.example.net"}) {
				t.Errorf("got %s/%s A %v AAAA %v MX %v", got.Status, got.Reason, got.A, got.AAAA, got.MX)
			}
			b.mu.Lock()
			defer b.mu.Unlock()
			if b.late {
				t.Error("A, AAAA and MX were not in flight together: asked one after another")
			}
		})
	}
}
