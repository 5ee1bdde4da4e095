//go:build e2e

package world

import (
	"context"
	"errors"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func TestMain(m *testing.M) {
	code := m.Run()
	StopShared()
	os.Exit(code)
}

func ask(t *testing.T, addr, name string, qtype uint16, rd bool, timeout time.Duration) (*dns.Msg, error) {
	t.Helper()
	c := &dns.Client{Timeout: timeout}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	m.RecursionDesired = rd
	r, _, err := c.Exchange(m, addr)
	return r, err
}

func names(rrs []dns.RR, qtype uint16) []string {
	var out []string
	for _, rr := range rrs {
		if rr.Header().Rrtype != qtype {
			continue
		}
		switch v := rr.(type) {
		case *dns.NS:
			out = append(out, strings.TrimSuffix(v.Ns, "."))
		case *dns.A:
			out = append(out, v.A.String())
		case *dns.MX:
			out = append(out, strings.TrimSuffix(v.Mx, "."))
		}
	}
	slices.Sort(out)
	return out
}

// nsd, asked directly, must tell every manifest entry apart the way a
// scanner asking an authoritative server sees it.
func TestNSDAnswersAsManifest(t *testing.T) {
	w := Shared(t)
	wild := w.ip(hostWild)
	for _, e := range w.Manifest().Entries {
		t.Run(e.Domain, func(t *testing.T) {
			r, err := ask(t, w.NSD(), e.Domain, dns.TypeNS, false, 2*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case !e.Registered && !e.Wildcard:
				if r.Rcode != dns.RcodeNameError || !r.Authoritative {
					t.Errorf("want authoritative NXDOMAIN, got %s aa=%v", dns.RcodeToString[r.Rcode], r.Authoritative)
				}
			case !e.Registered && e.Wildcard:
				if r.Rcode != dns.RcodeSuccess || len(r.Answer) != 0 || len(names(r.Ns, dns.TypeNS)) != 0 {
					t.Errorf("want NODATA for NS under a wildcard, got %s", r)
				}
				ra, err := ask(t, w.NSD(), e.Domain, dns.TypeA, false, 2*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				if got := names(ra.Answer, dns.TypeA); !slices.Equal(got, []string{wild}) {
					t.Errorf("wildcard A: got %v, want %s", got, wild)
				}
			case e.Kind.hosted() || e.Kind == BrandKind:
				if got := names(r.Answer, dns.TypeNS); !r.Authoritative || !slices.Equal(got, sortedCopy(e.NS)) {
					t.Errorf("want authoritative NS %v, got aa=%v %v", e.NS, r.Authoritative, got)
				}
			default: // lame, silent: nsd has only the delegation
				if got := names(r.Ns, dns.TypeNS); r.Authoritative || len(r.Answer) != 0 || !slices.Equal(got, sortedCopy(e.NS)) {
					t.Errorf("want a referral to %v, got aa=%v answer=%d authority %v", e.NS, r.Authoritative, len(r.Answer), got)
				}
			}
		})
	}
}

// unbound, recursing from the world's root, must give what a user's
// resolver gives: records for registered names, NXDOMAIN for the others,
// SERVFAIL (not NXDOMAIN, not silence) for lame and silent delegations.
func TestUnboundRecursesAsManifest(t *testing.T) {
	w := Shared(t)
	for _, e := range w.Manifest().Entries {
		t.Run(e.Domain, func(t *testing.T) {
			t.Parallel()
			ra, err := ask(t, w.Unbound(), e.Domain, dns.TypeA, true, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case !e.Registered && !e.Wildcard:
				if ra.Rcode != dns.RcodeNameError {
					t.Errorf("want NXDOMAIN, got %s", dns.RcodeToString[ra.Rcode])
				}
			case !e.Registered && e.Wildcard:
				if got := names(ra.Answer, dns.TypeA); ra.Rcode != dns.RcodeSuccess || len(got) != 1 {
					t.Errorf("want the wildcard's A, got %s %v", dns.RcodeToString[ra.Rcode], got)
				}
			case e.Kind == Lame || e.Kind == Silent:
				if ra.Rcode != dns.RcodeServerFailure {
					t.Errorf("want SERVFAIL from a dead delegation, got %s", dns.RcodeToString[ra.Rcode])
				}
			default:
				rmx, err := ask(t, w.Unbound(), e.Domain, dns.TypeMX, true, 5*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				gotA, gotMX := names(ra.Answer, dns.TypeA), names(rmx.Answer, dns.TypeMX)
				if ra.Rcode != dns.RcodeSuccess || rmx.Rcode != dns.RcodeSuccess ||
					!slices.Equal(gotA, sortedCopy(e.A)) || !slices.Equal(gotMX, sortedCopy(e.MX)) {
					t.Errorf("want A %v MX %v, got %s/%s A %v MX %v", e.A, e.MX,
						dns.RcodeToString[ra.Rcode], dns.RcodeToString[rmx.Rcode], gotA, gotMX)
				}
			}
		})
	}
}

// The lame address refuses or times out; the silent one never answers,
// over UDP or TCP.
func TestDeadServers(t *testing.T) {
	w := Shared(t)
	for _, tc := range []struct {
		name, addr, net string
	}{
		{"lame udp", w.Lame(), "udp"},
		{"silent udp", w.Silent(), "udp"},
		{"silent tcp", w.Silent(), "tcp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &dns.Client{Net: tc.net, Timeout: 500 * time.Millisecond}
			m := new(dns.Msg)
			m.SetQuestion("acmebamk.com.", dns.TypeNS)
			r, _, err := c.Exchange(m, tc.addr)
			if err == nil {
				t.Fatalf("%s answered: %v", tc.addr, r)
			}
		})
	}
}

// The lossy front drops about Spec.Loss of UDP queries and relays the rest
// with the client's ID; TCP passes untouched.
func TestLossyFront(t *testing.T) {
	w := Shared(t)
	loss := w.Spec().Loss
	if loss == 0 {
		t.Skip("this world has no lossy front")
	}
	const n = 400
	var (
		mu       sync.Mutex
		answered int
		sem      = make(chan struct{}, 32)
		wg       sync.WaitGroup
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c := &dns.Client{Timeout: time.Second}
			m := new(dns.Msg)
			m.SetQuestion("acmebnk.com.", dns.TypeNS)
			r, _, err := c.Exchange(m, w.Lossy())
			if err != nil {
				return
			}
			if r.Id != m.Id || len(r.Answer) != 2 {
				t.Errorf("relayed reply id %d (want %d), %d answers", r.Id, m.Id, len(r.Answer))
			}
			mu.Lock()
			answered++
			mu.Unlock()
		}()
	}
	wg.Wait()
	got := 1 - float64(answered)/n
	// A binomial with p=0.3 over 400 tries stays within ±0.1 all but
	// once in many thousand runs; the PRNG is seeded, so this is repeatable.
	if got < loss-0.1 || got > loss+0.1 {
		t.Errorf("front dropped %.2f of queries, want about %.2f", got, loss)
	}
	c := &dns.Client{Net: "tcp", Timeout: 2 * time.Second}
	m := new(dns.Msg)
	m.SetQuestion("acmebnk.com.", dns.TypeMX)
	if r, _, err := c.Exchange(m, w.Lossy()); err != nil || len(r.Answer) != 1 {
		t.Errorf("TCP through the front: %v %v", r, err)
	}
}

// Apply changes what both nsd and unbound say, and unbound forgets what it
// had cached: a name dropped from the zones is NXDOMAIN at once.
func TestApply(t *testing.T) {
	spec := Spec{
		Brands: []string{"acmebank.com"},
		Registered: []Name{
			{Domain: "acmebnk.com", Kind: AOnly},
			{Domain: "acmebank.net", Kind: NSOnly},
		},
		Unregistered: []string{"acmebank-login.com", "acmebank-mail.com"},
	}
	w := ForTest(t, spec)

	// Warm unbound's cache with the old state.
	for _, q := range []struct {
		name string
		typ  uint16
	}{{"acmebnk.com", dns.TypeMX}, {"acmebank.net", dns.TypeA}, {"acmebank-login.com", dns.TypeA}} {
		if _, err := ask(t, w.Unbound(), q.name, q.typ, true, 3*time.Second); err != nil {
			t.Fatal(err)
		}
	}

	next := w.Spec()
	next.Registered = []Name{
		{Domain: "acmebnk.com", Kind: AMX},          // gained MX
		{Domain: "acmebank-login.com", Kind: AOnly}, // newly registered
		{Domain: "acmebank-mail.com", Kind: MXOnly}, // newly registered, with MX
		{Domain: "acmebank.org", Kind: Parked},      // new TLD in play
	}
	next.Unregistered = []string{"acmebank.net"} // dropped
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nsdBefore := w.NSD()
	if err := w.Apply(ctx, next); err != nil {
		t.Fatal(err)
	}
	if w.NSD() != nsdBefore {
		t.Fatalf("Apply moved nsd from %s to %s", nsdBefore, w.NSD())
	}
	for _, tc := range []struct {
		name  string
		typ   uint16
		rcode int
		want  []string
	}{
		{"acmebnk.com", dns.TypeMX, dns.RcodeSuccess, []string{"mail.acmebnk.com"}},
		{"acmebank-login.com", dns.TypeA, dns.RcodeSuccess, []string{w.ip(hostWeb)}},
		{"acmebank-mail.com", dns.TypeMX, dns.RcodeSuccess, []string{"mail.acmebank-mail.com"}},
		{"acmebank.org", dns.TypeA, dns.RcodeSuccess, []string{w.ip(hostPark)}},
		{"acmebank.net", dns.TypeA, dns.RcodeNameError, nil},
	} {
		for _, via := range []struct {
			name, addr string
			rd         bool
		}{{"nsd", w.NSD(), false}, {"unbound", w.Unbound(), true}} {
			t.Run(via.name+"/"+tc.name, func(t *testing.T) {
				r, err := ask(t, via.addr, tc.name, tc.typ, via.rd, 3*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				if got := names(r.Answer, tc.typ); r.Rcode != tc.rcode || !slices.Equal(got, tc.want) {
					t.Errorf("got %s %v, want %s %v", dns.RcodeToString[r.Rcode], got, dns.RcodeToString[tc.rcode], tc.want)
				}
			})
		}
	}
	if e, ok := w.Manifest().Lookup("acmebank-mail.com"); !ok || !e.Registered || e.Kind != MXOnly {
		t.Errorf("manifest after Apply: %+v %v", e, ok)
	}
	bad := next.Clone()
	bad.Loss = 0.5
	if err := w.Apply(ctx, bad); !errors.Is(err, ErrSpec) {
		t.Errorf("Apply with another loss: %v, want ErrSpec", err)
	}
}

// Two worlds at once get separate networks; Stop frees the ports and the
// network for the next world.
func TestWorldsDoNotCollide(t *testing.T) {
	spec := Spec{Brands: []string{"acmebank.com"}, Registered: []Name{{Domain: "acmebnk.com", Kind: AMX}}}
	Need(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	w1, err := Start(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	defer w1.Stop()
	w2, err := Start(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Stop()
	if w1.Net == w2.Net {
		t.Fatalf("both worlds on 127.53.%d.0/24", w1.Net)
	}
	dir := w2.Dir()
	x := w2.Net
	w2.Stop()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Stop left the temporary directory %s (%v)", dir, err)
	}
	if _, err := ask(t, w1.NSD(), "acmebnk.com", dns.TypeNS, false, 2*time.Second); err != nil {
		t.Errorf("stopping one world broke the other: %v", err)
	}
	a, lock, err := allocNet(x)
	if err != nil {
		t.Fatalf("network of a stopped world is not free: %v", err)
	}
	lock.release()
	if pc, err := net.ListenPacket("udp4", a.NSD()); err != nil {
		t.Errorf("port 53 of a stopped world is still held: %v", err)
	} else {
		pc.Close()
	}
}
