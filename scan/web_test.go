package scan

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/web"
	"github.com/lookalike/lookalike/web/webtest"
	"github.com/miekg/dns"
)

// webWorld adds sites to world(t): every name's address is 127.0.0.1,
// where one server answers for all of them by Host, over HTTP and HTTPS,
// and a mail server greets on port smtpPort.
type webWorld struct {
	dns          *dnstest.Server
	plain, tls   *httptest.Server
	smtpPort     string
	mu           sync.Mutex
	smtpCommands []string
}

func newWebWorld(t *testing.T) *webWorld {
	t.Helper()
	s := world(t)
	a := func(name string) {
		s.Handle(name, dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A(name, "127.0.0.1")}})
	}
	ns := func(name string) {
		s.Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS(name, "ns1.cloudhost.example")})
	}
	for _, n := range []string{"airfrance.fr", "www.airfrance.fr", "irfrance.fr", "airfrnce.fr", "arfrance.fr", "aifrance.fr", "airfance.fr", "mail.cloudhost.example"} {
		a(n)
	}
	for _, n := range []string{"aifrance.fr", "airfance.fr", "airfrace.fr"} {
		ns(n)
	}
	h := webtest.Handlers("Air France", "airfrance.fr")
	sites := map[string]http.Handler{
		"airfrance.fr": h[webtest.Brand],
		"irfrance.fr":  h[webtest.Kit],       // a login page naming the brand
		"airfrnce.fr":  h[webtest.Unrelated], // parked by its name servers
		"arfrance.fr":  h[webtest.Clone],     // owned: never fetched
		"aifrance.fr":  h[webtest.Parked],    // a lander on a third party's servers
		"airfance.fr":  h[webtest.Affiliate], // sends visitors to the brand
	}
	route := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := strings.Cut(r.Host, ":")
		if site, ok := sites[strings.TrimPrefix(host, "www.")]; ok {
			site.ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
	})
	ww := &webWorld{dns: s, plain: httptest.NewServer(route), tls: httptest.NewTLSServer(route)}
	t.Cleanup(ww.plain.Close)
	t.Cleanup(ww.tls.Close)
	ww.smtpPort = ww.serveSMTP(t)
	return ww
}

func (ww *webWorld) serveSMTP(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				fmt.Fprint(c, "220 mail.cloudhost.example ESMTP\r\n")
				br := bufio.NewReader(c)
				for {
					l, err := br.ReadString('\n')
					if err != nil {
						return
					}
					l = strings.TrimSpace(l)
					ww.mu.Lock()
					ww.smtpCommands = append(ww.smtpCommands, l)
					ww.mu.Unlock()
					switch {
					case strings.HasPrefix(l, "EHLO"):
						fmt.Fprint(c, "250-mail.cloudhost.example\r\n250 STARTTLS\r\n")
					case l == "QUIT":
						fmt.Fprint(c, "221 bye\r\n")
						return
					default:
						fmt.Fprint(c, "502 no\r\n")
					}
				}
			}()
		}
	}()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

func (ww *webWorld) options(t *testing.T) Options {
	o := options(t, ww.dns)
	port := func(srv *httptest.Server) string {
		return fmt.Sprint(netip.MustParseAddrPort(srv.Listener.Addr().String()).Port())
	}
	o.Web = &WebOptions{
		Pages: true, Banners: true,
		Fetch: web.Options{
			Timeout: 5 * time.Second,
			// Loopback is where the test serves; nothing else private.
			Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
			MapPort: func(_, p string) string {
				switch p {
				case "443":
					return port(ww.tls)
				case "80":
					return port(ww.plain)
				}
				return p
			},
			PerHost: -1,
		},
	}
	o.Web.SMTP.Port = ww.smtpPort
	return o
}

func TestRunWeb(t *testing.T) {
	ww := newWebWorld(t)
	sink := &memSink{}
	if _, err := Run(context.Background(), ww.options(t), sink); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, domain string
		verdict      judge.Verdict
		examined     bool
		evidence     string // the first evidence phrase
	}{
		{"a login page naming the brand", "irfrance.fr", judge.Impersonating, true, "login form naming airfrance"},
		{"a lander on a third party's servers", "aifrance.fr", judge.Parked, true, "parked page (Sedo)"},
		{"a redirect to the brand is evidence only", "airfance.fr", judge.ThirdParty, true, "redirects to airfrance.fr, affiliate parameter aff=lk-4711 utm_source=typo"},
		{"parked by name servers, unrelated page", "airfrnce.fr", judge.Parked, true, "ns ns1.sedoparking.com (Sedo: parking)"},
		{"owned names are never fetched", "arfrance.fr", judge.Owned, false, ""},
		{"no address, nothing to fetch", "airfrace.fr", judge.ThirdParty, false, ""},
		{"unregistered", "airfrane.fr", judge.Defend, false, ""},
	}
	byName := map[string]judge.Finding{}
	for _, f := range sink.added {
		byName[f.Domain] = f
		if f.Web == nil || !f.Web.Fetch || !f.Web.Banners {
			t.Errorf("%s: web %+v, want every finding to carry what the run asked", f.Domain, f.Web)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := byName[tt.domain]
			if !ok {
				t.Fatalf("%s not in the findings", tt.domain)
			}
			if f.Verdict != tt.verdict {
				t.Errorf("verdict %s, want %s; evidence %q", f.Verdict, tt.verdict, f.Evidence)
			}
			if got := f.Web != nil && f.Web.Page != nil; got != tt.examined {
				t.Fatalf("examined %v, want %v", got, tt.examined)
			}
			if tt.evidence != "" && (len(f.Evidence) == 0 || f.Evidence[0] != tt.evidence) {
				t.Errorf("evidence %q, want %q first", f.Evidence, tt.evidence)
			}
		})
	}
	kit := byName["irfrance.fr"]
	if len(kit.Web.SMTP) != 1 || !kit.Web.SMTP[0].Accepts || !kit.Web.SMTP[0].StartTLS() {
		t.Errorf("smtp %+v, want one banner that accepts, with STARTTLS", kit.Web.SMTP)
	}
	if p := kit.Web.Page; p.URL != "https://irfrance.fr/" || !p.LoginForm || p.TLS == nil || p.TLS.Valid {
		t.Errorf("page %+v, want the https page with a login form and its untrusted certificate", p)
	}
	ww.mu.Lock()
	for _, c := range ww.smtpCommands {
		if !strings.HasPrefix(c, "EHLO ") && c != "QUIT" {
			t.Errorf("the mail server was sent %q: only EHLO and QUIT may be", c)
		}
	}
	ww.mu.Unlock()
	// Findings still come in input order, examined or not.
	var order []string
	for _, f := range sink.added {
		order = append(order, f.Domain)
	}
	plain := &memSink{}
	o := ww.options(t)
	o.Web = nil
	if _, err := Run(context.Background(), o, plain); err != nil {
		t.Fatal(err)
	}
	for i, f := range plain.added {
		if i >= len(order) || order[i] != f.Domain {
			t.Fatalf("finding %d is %v with --web, %s without: the order changed", i, order[min(i, len(order)-1)], f.Domain)
		}
		if f.Web != nil {
			t.Errorf("%s: web %+v without --web", f.Domain, f.Web)
		}
	}
}

// The fetcher refuses private addresses unless told: without the test's
// allowance the pages of 127.0.0.1 are never fetched, and nothing is
// judged from them.
func TestRunWebRefusesLoopback(t *testing.T) {
	ww := newWebWorld(t)
	o := ww.options(t)
	o.Web.Fetch.Allow = nil
	o.Web.Banners = false
	sink := &memSink{}
	if _, err := Run(context.Background(), o, sink); err != nil {
		t.Fatal(err)
	}
	for _, f := range sink.added {
		if f.Domain != "irfrance.fr" {
			continue
		}
		if f.Verdict != judge.ThirdParty || f.Web.Page == nil || f.Web.Page.Error != "forbidden" {
			t.Errorf("verdict %s, page %+v: want third-party, the fetch forbidden", f.Verdict, f.Web.Page)
		}
	}
}

func TestRunWebScreenshotErrors(t *testing.T) {
	ww := newWebWorld(t)
	tests := []struct {
		name  string
		web   func(o *WebOptions)
		check func(error) bool
	}{
		{"no browser is an error, never a silent skip", func(o *WebOptions) {
			o.Shots = &web.ShotOptions{Chromium: "/nonexistent/chromium", Dir: t.TempDir()}
		}, func(err error) bool {
			return errors.Is(err, web.ErrNoChromium) && strings.Contains(err.Error(), "--screenshot")
		}},
		{"screenshots need --web", func(o *WebOptions) {
			o.Pages, o.Banners = false, false
			o.Shots = &web.ShotOptions{Dir: t.TempDir()}
		}, func(err error) bool {
			return errors.Is(err, permute.ErrBadInput) && strings.Contains(err.Error(), "--web")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ww.options(t)
			tt.web(o.Web)
			sink := &memSink{}
			_, err := Run(context.Background(), o, sink)
			if err == nil || !tt.check(err) {
				t.Fatalf("error %v", err)
			}
			if !sink.aborted || len(sink.added) != 0 {
				t.Errorf("aborted %v with %d findings, want an aborted run with none", sink.aborted, len(sink.added))
			}
		})
	}
}
