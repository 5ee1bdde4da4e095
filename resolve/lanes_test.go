package resolve

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
)

// laneWorld scripts n names under com on s, of every kind a first reply can
// be: NXDOMAIN, a delegation, NODATA, an answer, NXDOMAIN without a SOA
// (filtered), SERVFAIL, REFUSED, FORMERR, a dropped query, a truncated reply,
// a forged reply before the true one, a reply without question.
func laneWorld(s *dnstest.Server, n int) []string {
	var out []string
	for i := range n {
		name := fmt.Sprintf("lane%04d.com", i)
		out = append(out, name)
		var r dnstest.Rule
		switch i % 13 {
		case 0, 1, 2:
			continue // NXDOMAIN, the default
		case 3:
			r = referral(name, "ns1.host.net", "ns2.host.net")
		case 4:
			r = dnstest.Rule{Kind: dnstest.NoData}
		case 5:
			r = dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS(name, "ns."+name)}
		case 6:
			r = dnstest.Rule{Kind: dnstest.NXDomain, NoSOA: true}
		case 7:
			r = dnstest.Rule{Kind: dnstest.ServFail}
		case 8:
			r = dnstest.Rule{Kind: dnstest.Refused}
		case 9:
			r = dnstest.Rule{Kind: dnstest.FormErr, NoQuestion: true}
		case 10:
			if i%26 == 10 {
				r = dnstest.Rule{Kind: dnstest.Drop}
			} else {
				r = dnstest.Rule{Kind: dnstest.NXDomain, Delay: 30 * time.Millisecond}
			}
		case 11:
			r = referral(name, "ns.host.net")
			r.Truncate = true
		case 12:
			r = dnstest.Rule{Kind: dnstest.NXDomain, Forge: dnstest.ForgeQuestion}
		}
		s.Handle(name, dns.TypeNS, r)
	}
	return out
}

// Names decided many to a lane (high concurrency) come out exactly as the
// one-name path decides them one at a time (Lookup), reason and NS
// included, in input order.
func TestLanesDecideAsOneNameAtATime(t *testing.T) {
	s := dnstest.New(t)
	list := laneWorld(s, 390)
	// The reference: each name through Lookup (resolveOne, decide), many
	// at once so that the timeouts overlap.
	ref, _ := newClient(t, func(o *Options) { o.Timeout = 300 * time.Millisecond }, s)
	want := make([]Result, len(list))
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := g; i < len(list); i += 64 {
				want[i] = ref.Lookup(context.Background(), list[i])
			}
		})
	}
	wg.Wait()
	for _, conc := range []int{256, 64} {
		c, _ := newClient(t, func(o *Options) { o.Concurrency = conc; o.Timeout = 300 * time.Millisecond }, s)
		if w := laneWidth(conc); w < 2 {
			t.Fatalf("concurrency %d: lanes of %d name", conc, w)
		}
		var got []Result
		for r := range c.Resolve(context.Background(), candidates(list...)) {
			got = append(got, r)
		}
		if len(got) != len(list) {
			t.Fatalf("concurrency %d: %d results for %d names", conc, len(got), len(list))
		}
		for i, r := range got {
			if r.Domain != list[i] {
				t.Fatalf("concurrency %d: result %d is %s, want %s", conc, i, r.Domain, list[i])
			}
			w := want[i]
			if r.Status != w.Status || r.Reason != w.Reason || !slices.Equal(r.NS, w.NS) || r.Registrable != w.Registrable {
				t.Errorf("concurrency %d: %s: %s/%s %v, one at a time %s/%s %v", conc, list[i], r.Status, r.Reason, r.NS, w.Status, w.Reason, w.NS)
			}
		}
	}
}

// With records asked, a name a lane finds registered gets them collected.
func TestLanesCollectRecords(t *testing.T) {
	s := dnstest.New(t)
	var list []string
	for i := range 200 {
		name := fmt.Sprintf("rec%03d.com", i)
		list = append(list, name)
		if i%4 == 0 {
			s.Handle(name, dns.TypeNS, referral(name, "ns.host.net"))
			s.Handle(name, dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A(name, "192.0.2.7")}})
		}
	}
	c, _ := newClient(t, func(o *Options) { o.Concurrency = 256; o.Records = true }, s)
	n := 0
	for r := range c.Resolve(context.Background(), candidates(list...)) {
		if r.Domain != list[n] {
			t.Fatalf("result %d is %s, want %s", n, r.Domain, list[n])
		}
		want := Unregistered
		if n%4 == 0 {
			want = Registered
		}
		n++
		if r.Status != want {
			t.Errorf("%s: %s/%s, want %s", r.Domain, r.Status, r.Reason, want)
		}
		if r.Status == Registered && !slices.Equal(r.A, []string{"192.0.2.7"}) {
			t.Errorf("%s: registered without its A record: %+v", r.Domain, r)
		}
		if r.Status != Registered && len(r.A) > 0 {
			t.Errorf("%s: %s with records %v", r.Domain, r.Status, r.A)
		}
	}
	if n != len(list) {
		t.Fatalf("%d results for %d names", n, len(list))
	}
}

// Cancelling a scan at high concurrency ends it at once, and no name
// interrupted comes out unregistered.
func TestLanesCancel(t *testing.T) {
	s := dnstest.New(t)
	var list []string
	stuck := map[string]bool{}
	for i := range 2000 {
		name := fmt.Sprintf("c%04d.com", i)
		if i >= 600 && i%3 == 0 {
			stuck[name] = true
			s.Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Drop})
		}
		list = append(list, name)
	}
	c, _ := newClient(t, func(o *Options) { o.Concurrency = 256; o.Timeout = time.Minute }, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := 0
	for r := range c.Resolve(ctx, candidates(list...)) {
		if r.Domain != list[got] {
			t.Fatalf("result %d is %s, want %s", got, r.Domain, list[got])
		}
		if got++; got == 600 {
			for s.Count(list[600+255], dns.TypeNS) == 0 {
				time.Sleep(time.Millisecond) // the silent names are in flight
			}
			cancel()
		}
		if stuck[r.Domain] && (r.Status != Unknown || r.Reason != ReasonCancelled) {
			t.Errorf("%s was never answered, came out %s/%s", r.Domain, r.Status, r.Reason)
		}
		if !stuck[r.Domain] && r.Status == Registered {
			t.Errorf("%s: %s/%s", r.Domain, r.Status, r.Reason)
		}
	}
	if got < 600 {
		t.Errorf("%d results, want at least the 600 before the first silent name", got)
	}
	c.Close() // waits for the lanes and slow workers
}

// BenchmarkLanesUnregistered is Resolve at the default concurrency on names
// that do not exist, against a responder that allocates nothing (rawNX):
// -benchmem's allocations are the client's (two a name: the registrable
// cut by names.Cut and its FQDN), cpu-ns/name the whole process's.
func BenchmarkLanesUnregistered(b *testing.B) {
	addr := rawNX(b)
	c, err := New(Options{Resolvers: []string{addr}, Concurrency: DefaultConcurrency, Retries: DefaultRetries})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	c.Probe(context.Background(), []string{"com"})
	names := make([]permute.Candidate, 4096)
	for i := range names {
		n := fmt.Sprintf("nothing%04d.com", i)
		names[i] = permute.Candidate{Domain: n, Unicode: n}
	}
	in := func(yield func(permute.Candidate) bool) {
		for i := range b.N {
			if !yield(names[i%len(names)]) {
				return
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	var failed int64
	for r := range c.Resolve(context.Background(), in) {
		if r.Status != Unregistered {
			failed++
		}
	}
	// Client and responder share the process; the responder's part is the
	// same whatever the client does, so a change shows in full.
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/name")
	report(b, failed)
}

// Records collected in the lanes are those the one-name path collects:
// answers, a CNAME chain, SERVFAIL and silence on one type, a truncated
// reply (TCP), NODATA.
func TestLanesRecordsAsOneNameAtATime(t *testing.T) {
	s := dnstest.New(t)
	var list []string
	for i := range 240 {
		name := fmt.Sprintf("r%03d.com", i)
		list = append(list, name)
		if i%7 == 6 {
			continue // NXDOMAIN
		}
		s.Handle(name, dns.TypeNS, referral(name, "ns.host.net"))
		a := dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A(name, fmt.Sprintf("192.0.2.%d", i%250+1)), dnstest.A(name, "192.0.2.254")}}
		aaaa := dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR(name + ". 300 IN AAAA 2001:db8::1")}}
		mx := dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR(name + ". 300 IN MX 20 mx2." + name + "."), dnstest.RR(name + ". 300 IN MX 10 mx1." + name + ".")}}
		switch i % 7 {
		case 1:
			a.Answer = []dns.RR{dnstest.RR(name + ". 300 IN CNAME www.host.net."), dnstest.A("www.host.net", "192.0.2.80")}
		case 2:
			mx = dnstest.Rule{Kind: dnstest.ServFail}
		case 3:
			aaaa = dnstest.Rule{Kind: dnstest.Drop}
		case 4:
			a.Truncate = true
		case 5:
			aaaa = dnstest.Rule{Kind: dnstest.NoData}
			mx = dnstest.Rule{Kind: dnstest.NoData}
		}
		s.Handle(name, dns.TypeA, a)
		s.Handle(name, dns.TypeAAAA, aaaa)
		s.Handle(name, dns.TypeMX, mx)
	}
	edit := func(o *Options) { o.Records = true; o.Timeout = 300 * time.Millisecond }
	ref, refWarn := newClient(t, edit, s)
	want := make([]Result, len(list))
	var wg sync.WaitGroup
	for g := range 48 {
		wg.Go(func() {
			for i := g; i < len(list); i += 48 {
				want[i] = ref.Lookup(context.Background(), list[i])
			}
		})
	}
	wg.Wait()
	t.Logf("reference: %q %q %+v", ref.PoolSummary(), refWarn.all(), ref.Stats())
	c, _ := newClient(t, func(o *Options) { edit(o); o.Concurrency = 256 }, s)
	i := 0
	for r := range c.Resolve(context.Background(), candidates(list...)) {
		w := want[i]
		if r.Domain != list[i] {
			t.Fatalf("result %d is %s, want %s", i, r.Domain, list[i])
		}
		if r.Status != w.Status || r.Reason != w.Reason || !slices.Equal(r.A, w.A) || !slices.Equal(r.AAAA, w.AAAA) ||
			!slices.Equal(r.MX, w.MX) || !slices.Equal(r.CNAME, w.CNAME) || !slices.Equal(r.NS, w.NS) {
			t.Errorf("%s: lanes %s/%s A %v AAAA %v MX %v CNAME %v; one at a time %s/%s A %v AAAA %v MX %v CNAME %v",
				r.Domain, r.Status, r.Reason, r.A, r.AAAA, r.MX, r.CNAME, w.Status, w.Reason, w.A, w.AAAA, w.MX, w.CNAME)
		}
		i++
	}
	if i != len(list) {
		t.Fatalf("%d results for %d names", i, len(list))
	}
	if want[0].A == nil || want[1].CNAME == nil || want[4].A == nil {
		t.Errorf("the world does not give what it scripts: %+v %+v %+v", want[0], want[1], want[4])
	}
}
