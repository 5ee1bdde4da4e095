package audit

import (
	"context"
	"errors"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/miekg/dns"

	"github.com/lookalike/lookalike/permute"
)

// zoneServer answers from a fixed set of records on 127.0.0.1, port 0. Like an
// authoritative server it answers a CNAME'd name with the CNAME alone; with
// recursive set it follows the chain inside its records, the way a resolver
// does, and gives the final rcode.
type zoneServer struct {
	rrs       []dns.RR
	recursive bool
	servfail  map[string]bool
}

func (z *zoneServer) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	if z.servfail[name] {
		m.Rcode = dns.RcodeServerFailure
		_ = w.WriteMsg(m)
		return
	}
	for hops := 0; hops < 10; hops++ {
		var match, cname []dns.RR
		exists := false
		for _, rr := range z.rrs {
			owner := strings.ToLower(rr.Header().Name)
			if strings.HasSuffix(owner, "."+name) || owner == name {
				exists = true // the name, or an empty non-terminal above a name
			}
			if owner != name {
				continue
			}
			switch {
			case rr.Header().Rrtype == q.Qtype:
				match = append(match, rr)
			case rr.Header().Rrtype == dns.TypeCNAME:
				cname = append(cname, rr)
			}
		}
		switch {
		case len(match) > 0:
			m.Answer = append(m.Answer, match...)
		case len(cname) > 0:
			m.Answer = append(m.Answer, cname...)
			if z.recursive {
				name = strings.ToLower(cname[0].(*dns.CNAME).Target)
				continue
			}
		case !exists:
			m.Rcode = dns.RcodeNameError
		}
		break
	}
	_ = w.WriteMsg(m)
}

// testQuerier asks the zone server over UDP with miekg/dns.
type testQuerier struct {
	addr string
	c    *dns.Client
	n    int
}

func (q *testQuerier) Query(ctx context.Context, name string, qtype uint16) (int, []dns.RR, error) {
	q.n++
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	r, _, err := q.c.ExchangeContext(ctx, m, q.addr)
	if err != nil {
		return 0, nil, err
	}
	return r.Rcode, r.Answer, nil
}

func startZone(t *testing.T, z *zoneServer, records ...string) *testQuerier {
	t.Helper()
	for _, s := range records {
		rr, err := dns.NewRR(s)
		if err != nil {
			t.Fatalf("record %q: %v", s, err)
		}
		z.rrs = append(z.rrs, rr)
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: z, NotifyStartedFunc: func() { close(started) }}
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return &testQuerier{addr: pc.LocalAddr().String(), c: new(dns.Client)}
}

// brandZone is the DNS of the test brand: mail at a third party, SPF that
// includes, redirects and uses macros, DMARC reports sent out, and CNAMEs of
// which one is dangling.
var brandZone = []string{
	"airbrand.fr. MX 10 mx1.airbrand.fr.",
	"airbrand.fr. MX 20 mx.airbrand-backup-mail.com.",
	"airbrand.fr. NS ns1.airbrand-dns.net.",
	"airbrand.fr. NS ns2.airbrand.fr.",
	`airbrand.fr. TXT "v=spf1 include:_spf.mailhost.com include:spf.airbrand-mailer.com a:relay.airbrand-relay.fr mx:airbrand-partner.com " "exists:%{i}._spf.airbrand-exists.com ip4:192.0.2.0/24 -all"`,
	`airbrand.fr. TXT "google-site-verification=abc"`,
	`_spf.mailhost.com. TXT "v=spf1 ip4:198.51.100.0/24 include:_spf2.mailhost.com ~all"`,
	`_spf2.mailhost.com. TXT "v=spf1 ip6:2001:db8::/32 redirect=_spf3.mailhost-legacy.com"`,
	`_spf3.mailhost-legacy.com. TXT "v=spf1 mx -all"`,
	"_spf3.mailhost-legacy.com. MX 10 in.mailhost-legacy-mx.com.",
	"airbrand-partner.com. MX 10 mail.airbrand-partner-mx.com.",
	`_dmarc.airbrand.fr. TXT "v=DMARC1; p=reject; rua=mailto:dmarc@airbrand-reports.fr,mailto:agg@dmarc.vendor.com!10m; ruf=mailto:forensic@airbrand-forensic.fr"`,
	"www.airbrand.fr. CNAME airbrand.azurewebsites.net.",
	"azurewebsites.net. NS ns1.azure-dns.com.",
	"help.airbrand.fr. CNAME airbrand.zendesk.com.",
	"airbrand.zendesk.com. A 192.0.2.10",
	"shop.airbrand.fr. CNAME shops.myshopify.com.",
	"shops.myshopify.com. CNAME shops-lb.myshopify.com.",
	"shops-lb.myshopify.com. A 192.0.2.20",
	"mail.airbrand.fr. A 192.0.2.1",
}

func TestDNSRefsGolden(t *testing.T) {
	for _, mode := range []struct {
		name      string
		recursive bool
	}{{"authoritative", false}, {"recursive", true}} {
		t.Run(mode.name, func(t *testing.T) {
			q := startZone(t, &zoneServer{recursive: mode.recursive}, brandZone...)
			refs, err := DNSRefs(context.Background(), q, "AirBrand.fr.")
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range refs {
				checkRef(t, r)
			}
			// Both kinds of server must give the same references.
			goldenFile(t, "dns.golden", formatRefs(refs))
		})
	}
}

func TestDNSRefsSPF(t *testing.T) {
	var chain []string
	for i := 1; i <= 12; i++ {
		chain = append(chain, "l"+itoa(i)+".limit.fr. TXT \"v=spf1 include:l"+itoa(i+1)+".limit.fr -all\"")
	}
	zone := append(chain,
		`limit.fr. TXT "v=spf1 include:l1.limit.fr -all"`,
		`loop-a.fr. TXT "v=spf1 include:loop-b.fr -all"`,
		`loop-b.fr. TXT "v=spf1 include:loop-a.fr redirect=loop-a.fr"`,
		`macro.fr. TXT "v=spf1 exists:%{i}.%{d} include:%{d2}.spf.macro-host.com a:%{l}.x mx:%{ir}._mx.macro-mx.com -all"`,
		`broken.fr. TXT "v=spf1 include:ok.broken-host.com frobnicate:x -all"`,
		`twice.fr. TXT "v=spf1 include:twice-a.com -all"`,
		`twice.fr. TXT "v=spf1 include:twice-b.com -all"`,
	)
	q := startZone(t, &zoneServer{servfail: map[string]bool{"fail.fr.": true}}, zone...)
	spfOnly := func(refs []Ref) []string {
		var out []string
		for _, r := range refs {
			if strings.HasPrefix(r.Kind, "spf-") {
				out = append(out, r.Kind+":"+r.Host)
			}
		}
		return out
	}
	var limitWant []string
	for i := 1; i <= 11; i++ {
		limitWant = append(limitWant, "spf-include:l"+itoa(i)+".limit.fr")
	}
	tests := []struct {
		name    string
		domain  string
		want    []string
		wantErr error
		errText string
	}{
		{"ten lookups are followed, the eleventh is recorded and not read", "limit.fr", limitWant, ErrSPFLimit, ""},
		{"a loop ends", "loop-a.fr", []string{"spf-include:loop-b.fr", "spf-include:loop-a.fr", "spf-redirect:loop-a.fr"}, nil, ""},
		{"macros are stripped to their literal part", "macro.fr",
			[]string{"spf-include:spf.macro-host.com", "spf-mx:_mx.macro-mx.com"}, nil, ""},
		{"a broken record keeps the terms before the error", "broken.fr",
			[]string{"spf-include:ok.broken-host.com"}, nil, "unknown mechanism"},
		{"every SPF record is read, though receivers would reject two", "twice.fr",
			[]string{"spf-include:twice-a.com", "spf-include:twice-b.com"}, nil, ""},
		{"a resolver failure is reported, not hidden", "fail.fr", nil, nil, "SERVFAIL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs, err := DNSRefs(context.Background(), q, tc.domain)
			if got := spfOnly(refs); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			switch {
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("err = %v, want %v", err, tc.wantErr)
				}
			case tc.errText != "":
				if err == nil || !strings.Contains(err.Error(), tc.errText) {
					t.Errorf("err = %v, want one saying %q", err, tc.errText)
				}
			default:
				if err != nil {
					t.Errorf("err = %v", err)
				}
			}
		})
	}
}

func TestDNSRefsInput(t *testing.T) {
	q := startZone(t, &zoneServer{})
	if _, err := DNSRefs(context.Background(), q, "not a domain"); !errors.Is(err, permute.ErrBadInput) {
		t.Errorf("err = %v, want ErrBadInput", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DNSRefs(ctx, q, "brand.fr"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if q.n != 0 {
		t.Errorf("%d queries sent after cancellation", q.n)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
