//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lookalike/lookalike/e2e/world"
	"github.com/lookalike/lookalike/smtpbanner"
	"github.com/lookalike/lookalike/web"
	"github.com/lookalike/lookalike/web/webtest"
)

// webNames are the lookalikes of the web world, each served by one case of
// webtest on its own address of the world (TestHost(i)), over HTTP and,
// with a certificate from the test's CA, HTTPS.
var webNames = []struct {
	domain, page string
}{
	{"acmebank-secure.com", webtest.Clone},
	{"acmebnk.com", webtest.Kit},
	{"acmebank-sale.com", webtest.Parked},
	{"acmebank-deals.com", webtest.Affiliate},
	{"acmebakery.com", webtest.Unrelated},
	{"acmebank-slow.com", webtest.Hang},
	{"acmebank-big.com", webtest.Big},
	{"acmebank-go.com", webtest.PrivateRedirect},
}

// localName resolves to 127.0.0.1: loopback outside the world's /24, which
// the fetcher must refuse like any private address.
const localName = "acmebank-local.com"

// webWorld starts a private world whose lookalikes point at addresses where
// the test serves their pages, and the servers themselves.
type webWorld struct {
	w   *world.World
	ca  *webtest.CA
	mx  *smtpServer
	dir string
}

func startWebWorld(t testing.TB) *webWorld {
	t.Helper()
	spec := world.Spec{Brands: []string{"acmebank.com"}, TLDs: []string{"com"}}
	for _, n := range webNames {
		spec.Registered = append(spec.Registered, world.Name{Domain: n.domain, Kind: world.NSOnly})
	}
	spec.Registered = append(spec.Registered, world.Name{Domain: localName, Kind: world.NSOnly})
	w := world.ForTest(t, spec)

	// The addresses are known only now: point the names at them.
	for i, n := range webNames {
		ip := w.TestHost(i)
		spec.Records = append(spec.Records,
			world.Record{Owner: n.domain, Type: "A", Data: ip},
			world.Record{Owner: "www." + n.domain, Type: "A", Data: ip})
	}
	kitIP := w.TestHost(1)
	spec.Records = append(spec.Records,
		world.Record{Owner: "acmebnk.com", Type: "MX", Data: "10 mail.acmebnk.com"},
		world.Record{Owner: "mail.acmebnk.com", Type: "A", Data: kitIP},
		world.Record{Owner: localName, Type: "A", Data: "127.0.0.1"})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := w.Apply(ctx, spec); err != nil {
		t.Fatalf("apply web records: %v", err)
	}

	ca, err := webtest.NewCA("Lookalike E2E CA")
	if err != nil {
		t.Fatal(err)
	}
	handlers := webtest.Handlers("Acme Bank", "acmebank.com")
	ww := &webWorld{w: w, ca: ca, dir: t.TempDir()}
	ww.serve(t, w.Web(), "acmebank.com", handlers[webtest.Brand])
	for i, n := range webNames {
		ww.serve(t, w.TestHost(i), n.domain, handlers[n.page])
	}
	ww.mx = startSMTP(t, net.JoinHostPort(kitIP, "25"))
	return ww
}

// serve listens on ip:80 and ip:443 (a certificate for domain and www.).
func (ww *webWorld) serve(t testing.TB, ip, domain string, h http.Handler) {
	t.Helper()
	cfg, err := ww.ca.ServerConfig(domain)
	if err != nil {
		t.Fatal(err)
	}
	for _, port := range []string{"80", "443"} {
		ln, err := net.Listen("tcp", net.JoinHostPort(ip, port))
		if err != nil {
			t.Fatalf("listen %s:%s (the world's test hosts need root): %v", ip, port, err)
		}
		if port == "443" {
			ln = tls.NewListener(ln, cfg)
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close() })
	}
}

func (ww *webWorld) fetcher(timeout time.Duration) *web.Fetcher {
	return web.New(web.Options{
		Timeout: timeout,
		MaxBody: 1 << 20,
		// The world's own /24 and nothing else private: a redirect to
		// 10.11.12.13 or a name at 127.0.0.1 must be refused.
		Allow:   []netip.Prefix{ww.w.Prefix()},
		Lookup:  web.LookupVia(ww.w.Unbound()),
		RootCAs: ww.ca.Pool,
	})
}

var acme = web.Brand{Domain: "acmebank.com", Terms: []string{"Acme Bank"}}

func TestWebEvidence(t *testing.T) {
	ww := startWebWorld(t)
	f := ww.fetcher(3 * time.Second)
	defer f.Close()
	ctx := context.Background()

	brandSite := f.Fetch(ctx, "acmebank.com", acme)
	if m := brandSite.Main(); !m.OK() || !m.LoginForm {
		t.Fatalf("brand page through the world: %+v", m)
	}
	type want struct {
		signals  []web.SignalKind
		evidence string // in the first signal's evidence
		check    func(t *testing.T, s *web.Site)
	}
	cases := map[string]want{
		"acmebank-secure.com": {[]web.SignalKind{web.Impersonating}, "page copies acmebank.com", func(t *testing.T, s *web.Site) {
			c := s.Pages[0].TLS
			if c == nil || !c.Valid || !c.Brand || !slices.Contains(c.SANs, "acmebank-secure.com") {
				t.Errorf("https certificate %+v, want valid from the test CA, naming the brand", c)
			}
		}},
		"acmebnk.com":        {[]web.SignalKind{web.Impersonating}, "login form naming acmebank", nil},
		"acmebank-sale.com":  {[]web.SignalKind{web.ParkedContent}, "parked page (Sedo)", nil},
		"acmebank-deals.com": {[]web.SignalKind{web.RedirectsToBrand}, "redirects to acmebank.com, affiliate parameter aff=lk-4711 utm_source=typo", nil},
		"acmebakery.com":     {nil, "", nil},
		"acmebank-slow.com": {nil, "", func(t *testing.T, s *web.Site) {
			for _, p := range s.Pages {
				if p.Reason != "timeout" {
					t.Errorf("%s: reason %q (%s), want timeout", p.URL, p.Reason, p.Error)
				}
			}
		}},
		"acmebank-big.com": {nil, "", func(t *testing.T, s *web.Site) {
			if m := s.Main(); !m.Truncated || m.Bytes != 1<<20 {
				t.Errorf("truncated %v after %d bytes, want the cap of 1 MiB", m.Truncated, m.Bytes)
			}
		}},
		"acmebank-go.com": {nil, "", func(t *testing.T, s *web.Site) {
			for _, p := range s.Pages {
				if p.Reason != "forbidden" || p.FinalURL != webtest.PrivateTarget {
					t.Errorf("%s: reason %q final %q, want the redirect to %s refused", p.URL, p.Reason, p.FinalURL, webtest.PrivateTarget)
				}
			}
		}},
		localName: {nil, "", func(t *testing.T, s *web.Site) {
			if p := s.Pages[1]; p.Reason != "forbidden" || !strings.Contains(p.Error, "127.0.0.1") {
				t.Errorf("%s: reason %q (%s), want 127.0.0.1 refused", p.URL, p.Reason, p.Error)
			}
		}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s := f.Fetch(ctx, name, acme)
			a := web.Assess(s, brandSite, acme)
			var got []web.SignalKind
			for _, sg := range a.Signals {
				got = append(got, sg.Kind)
			}
			if !slices.Equal(got, c.signals) {
				t.Fatalf("signals %v, want %v; main page %+v", got, c.signals, s.Main())
			}
			if c.evidence != "" && !strings.Contains(a.Signals[0].Evidence, c.evidence) {
				t.Errorf("evidence %q, want %q", a.Signals[0].Evidence, c.evidence)
			}
			if c.check != nil {
				c.check(t, s)
			}
		})
	}
}

func TestWebSMTPBanner(t *testing.T) {
	ww := startWebWorld(t)
	f := ww.fetcher(3 * time.Second)
	defer f.Close()
	e, ok := ww.w.Manifest().Lookup("acmebnk.com")
	if !ok || len(e.MX) != 1 {
		t.Fatalf("manifest entry %+v, want one MX", e)
	}
	b := smtpbanner.Grab(context.Background(), e.MX[0], smtpbanner.Options{Dial: f.Dialer().DialContext, Timeout: 5 * time.Second})
	if !b.Accepts || !b.StartTLS() || b.Code != 220 {
		t.Errorf("banner %+v, want a 220 and a 250 with STARTTLS", b)
	}
	if got := ww.mx.commands(); !slices.Equal(got, []string{"EHLO lookalike.invalid", "QUIT"}) {
		t.Errorf("the mail server saw %q, want EHLO and QUIT only", got)
	}
}

func TestWebScreenshots(t *testing.T) {
	ww := startWebWorld(t)
	f := ww.fetcher(5 * time.Second)
	defer f.Close()
	ctx := context.Background()
	sh, err := f.NewShooter(ctx, web.ShotOptions{Dir: filepath.Join(ww.dir, "shots")})
	if errors.Is(err, web.ErrNoChromium) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Close()
	shots := map[string]web.Shot{}
	for _, n := range []string{"acmebank.com", "acmebank-secure.com", "acmebakery.com"} {
		s, err := sh.Shoot(ctx, n, "https://"+n+"/")
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if _, err := os.Stat(s.Path); err != nil {
			t.Fatal(err)
		}
		shots[n] = s
	}
	if sim := web.ShotSimilarity(shots["acmebank-secure.com"], shots["acmebank.com"]); sim < 95 {
		t.Errorf("clone looks %d similar to the brand, want at least 95", sim)
	}
	if sim := web.ShotSimilarity(shots["acmebakery.com"], shots["acmebank.com"]); sim > 75 {
		t.Errorf("bakery looks %d similar to the brand, want at most 75", sim)
	}
	// The bakery's page gives no signal; its screenshot adds none either.
	var a web.Assessment
	a.AddShot(shots["acmebakery.com"], shots["acmebank.com"], acme)
	if len(a.Signals) != 0 || a.ShotSimilarity == nil {
		t.Errorf("bakery assessment %+v, want a similarity and no signal", a)
	}
	a = web.Assessment{}
	a.AddShot(shots["acmebank-secure.com"], shots["acmebank.com"], acme)
	if !a.Has(web.Impersonating) {
		t.Errorf("clone assessment %+v, want impersonating from the screenshot", a)
	}
}

// smtpServer answers EHLO and QUIT and records what it was sent.
type smtpServer struct {
	mu   sync.Mutex
	cmds []string
}

func startSMTP(t testing.TB, addr string) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	s := &smtpServer{}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.session(c)
		}
	}()
	return s
}

func (s *smtpServer) session(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprint(c, "220 mail.acmebnk.com ESMTP\r\n")
	br := bufio.NewReader(c)
	for {
		l, err := br.ReadString('\n')
		if err != nil {
			return
		}
		l = strings.TrimRight(l, "\r\n")
		s.mu.Lock()
		s.cmds = append(s.cmds, l)
		s.mu.Unlock()
		switch verb, _, _ := strings.Cut(strings.ToUpper(l), " "); verb {
		case "EHLO":
			fmt.Fprint(c, "250-mail.acmebnk.com\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n")
		case "QUIT":
			fmt.Fprint(c, "221 bye\r\n")
			return
		default:
			fmt.Fprint(c, "502 no\r\n")
		}
	}
}

func (s *smtpServer) commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cmds)
}

// BenchmarkWebWorld fetches the quick lookalikes of the web world (clone,
// kit, lander, affiliate redirect, bakery: four URLs each) through unbound,
// sixteen names at a time: names/s as a scan with --web would see them on
// loopback. Beside it, the same fetches with the addresses given (no DNS),
// and with the default per-address rate, which paces a name's repeats.
func BenchmarkWebWorld(b *testing.B) {
	ww := startWebWorld(b)
	names := []string{"acmebank-secure.com", "acmebnk.com", "acmebank-sale.com", "acmebank-deals.com", "acmebakery.com"}
	ips := map[string]netip.Addr{"acmebank.com": netip.MustParseAddr(ww.w.Web())}
	for i, n := range webNames[:len(names)] {
		ip := netip.MustParseAddr(ww.w.TestHost(i))
		ips[n.domain], ips["www."+n.domain] = ip, ip
	}
	ips["www.acmebank.com"] = ips["acmebank.com"]
	static := func(_ context.Context, host string) ([]netip.Addr, error) {
		if ip, ok := ips[host]; ok {
			return []netip.Addr{ip}, nil
		}
		return nil, fmt.Errorf("no such host %s", host)
	}
	for _, bc := range []struct {
		name    string
		lookup  web.Lookup
		perHost float64
	}{
		{"dns-via-unbound", web.LookupVia(ww.w.Unbound()), -1},
		{"addresses-given", static, -1},
		{"dns-via-unbound-default-rate", web.LookupVia(ww.w.Unbound()), 0},
	} {
		b.Run(bc.name, func(b *testing.B) {
			f := web.New(web.Options{Timeout: 5 * time.Second, Allow: []netip.Prefix{ww.w.Prefix()},
				Lookup: bc.lookup, RootCAs: ww.ca.Pool, PerHost: bc.perHost})
			defer f.Close()
			next := make(chan int)
			var wg sync.WaitGroup
			b.ResetTimer()
			for range web.DefaultConcurrency {
				wg.Go(func() {
					for i := range next {
						s := f.Fetch(context.Background(), names[i%len(names)], acme)
						if !s.Main().OK() {
							b.Errorf("%s: %+v", s.Name, s.Main())
						}
					}
				})
			}
			for i := range b.N {
				next <- i
			}
			close(next)
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "names/s")
		})
	}
}

// webScanned is one JSONL line of `lookalike scan --web`: the verdict
// fields and the web and smtp objects, as the README documents them.
type webScanned struct {
	Domain      string   `json:"domain"`
	Verdict     string   `json:"verdict"`
	Risk        int      `json:"risk"`
	Evidence    string   `json:"evidence"`
	Parking     string   `json:"parking"`
	RiskFactors []string `json:"risk_factors"`
	Web         *struct {
		URL        string `json:"url"`
		FinalURL   string `json:"final_url"`
		Status     int    `json:"status"`
		LoginForm  bool   `json:"login_form"`
		Similarity int    `json:"similarity"`
		Parking    string `json:"parking"`
		TLS        *struct {
			Valid   bool   `json:"valid"`
			Invalid string `json:"invalid"`
			Brand   bool   `json:"brand"`
		} `json:"tls"`
		Screenshot     string `json:"screenshot"`
		ShotSimilarity *int   `json:"screenshot_similarity"`
		Signals        []struct {
			Kind, Evidence, Why string
		} `json:"signals"`
		Error string `json:"error"`
	} `json:"web"`
	SMTP []struct {
		Host    string `json:"host"`
		Code    int    `json:"code"`
		Accepts bool   `json:"accepts"`
	} `json:"smtp"`
}

// webScanNames are the candidates of the CLI runs: every web case but the
// redirect to 10.11.12.13, which --web-allow-private would let through to
// an address off loopback; the name at 127.0.0.1; one free name.
func webScanNames(t *testing.T, ww *webWorld, names ...string) string {
	t.Helper()
	if len(names) == 0 {
		for _, n := range webNames {
			if n.page != webtest.PrivateRedirect {
				names = append(names, n.domain)
			}
		}
		names = append(names, localName, "acmebank-free.com")
	}
	return writeFile(t, filepath.Join(ww.dir, "names.txt"), strings.Join(names, "\n")+"\n")
}

// TestWebScan runs `lookalike scan --web` against the world's sites: the
// verdicts, the evidence and the web objects a user sees.
func TestWebScan(t *testing.T) {
	ww := startWebWorld(t)
	r := lookalike(t, nil, "scan", "acmebank.com", "--candidates", webScanNames(t, ww), "--resolvers", ww.w.Unbound(),
		"--web", "--web-allow-private", "--web-timeout", "3s", "--smtp-banner", "--explain", "--format", "jsonl", "--no-progress")
	if r.exit != 0 {
		t.Fatalf("exit %d, want 0", r.exit)
	}
	got := map[string]webScanned{}
	for _, s := range jsonLines[webScanned](t, r.stdout) {
		got[s.Domain] = s
	}
	hasFactor := func(s webScanned, prefix string) bool {
		return slices.ContainsFunc(s.RiskFactors, func(f string) bool { return strings.HasPrefix(f, prefix) })
	}
	tests := []struct {
		domain, verdict string
		evidence        string // in the evidence
		check           func(t *testing.T, s webScanned)
	}{
		{"acmebank-secure.com", "impersonating", "page copies acmebank.com (similarity 100)", func(t *testing.T, s webScanned) {
			if !hasFactor(s, "+40 impersonating: ") {
				t.Errorf("risk factors %q, want +40 impersonating", s.RiskFactors)
			}
			// The test CA is not among the system's roots: recorded, not trusted.
			if c := s.Web.TLS; c == nil || c.Valid || c.Invalid == "" || !c.Brand {
				t.Errorf("tls %+v, want an invalid certificate naming the brand", c)
			}
		}},
		{"acmebnk.com", "impersonating", "login form naming acmebank", func(t *testing.T, s webScanned) {
			if !s.Web.LoginForm {
				t.Errorf("web %+v, want login_form", s.Web)
			}
			if len(s.SMTP) != 1 || !s.SMTP[0].Accepts || s.SMTP[0].Code != 220 {
				t.Errorf("smtp %+v, want the MX's 220 and EHLO", s.SMTP)
			}
			if !strings.Contains(s.Evidence, "smtp mail.acmebnk.com accepts mail sessions") {
				t.Errorf("evidence %q, want the mail server's answer", s.Evidence)
			}
		}},
		{"acmebank-sale.com", "parked", "parked page (Sedo)", func(t *testing.T, s webScanned) {
			if s.Parking != "Sedo" || !hasFactor(s, "-15 parked: ") {
				t.Errorf("parking %q factors %q, want Sedo and the parked term", s.Parking, s.RiskFactors)
			}
		}},
		{"acmebank-deals.com", "third-party", "redirects to acmebank.com, affiliate parameter aff=lk-4711 utm_source=typo", func(t *testing.T, s webScanned) {
			if !hasFactor(s, "+0 redirect: ") {
				t.Errorf("risk factors %q, want the redirect shown without points", s.RiskFactors)
			}
		}},
		{"acmebakery.com", "third-party", "", func(t *testing.T, s webScanned) {
			if len(s.Web.Signals) != 0 || s.Web.Status != 200 {
				t.Errorf("web %+v, want a page with no signal", s.Web)
			}
		}},
		{"acmebank-slow.com", "third-party", "", func(t *testing.T, s webScanned) {
			if s.Web.Error != "timeout" {
				t.Errorf("web error %q, want timeout", s.Web.Error)
			}
		}},
		{"acmebank-free.com", "defend", "", func(t *testing.T, s webScanned) {
			if s.Web != nil {
				t.Errorf("an unregistered name was fetched: %+v", s.Web)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.domain, func(t *testing.T) {
			s, ok := got[tc.domain]
			if !ok {
				t.Fatalf("not in the output")
			}
			if s.Verdict != tc.verdict || !strings.Contains(s.Evidence, tc.evidence) {
				t.Fatalf("verdict %s, evidence %q; want %s with %q", s.Verdict, s.Evidence, tc.verdict, tc.evidence)
			}
			if tc.verdict != "defend" && s.Web == nil {
				t.Fatalf("no web object")
			}
			tc.check(t, s)
		})
	}

	// On a terminal's table, the impersonating section comes first.
	table := lookalike(t, nil, "scan", "acmebank.com", "--candidates", webScanNames(t, ww), "--resolvers", ww.w.Unbound(),
		"--web", "--web-allow-private", "--web-timeout", "3s", "--format", "table", "--no-progress")
	out := string(table.stdout)
	imp, def := strings.Index(out, "Impersonating the brand: act now: 2\n"), strings.Index(out, "Register these first")
	if table.exit != 0 || imp < 0 || def < imp || !strings.Contains(out[imp:def], "acmebank-secure.com") || !strings.Contains(out[imp:def], "acmebnk.com") {
		t.Errorf("exit %d; table does not open with the two impersonating names:\n%s", table.exit, out)
	}
}

// A scan asked for screenshots stops when it has no browser: exit 1 and a
// message that says what to install, never a run without the pictures.
func TestWebScanNoChromium(t *testing.T) {
	ww := startWebWorld(t)
	r := lookalike(t, nil, "scan", "acmebank.com", "--candidates", webScanNames(t, ww, "acmebank-secure.com"), "--resolvers", ww.w.Unbound(),
		"--web", "--web-allow-private", "--screenshot", filepath.Join(ww.dir, "shots"), "--screenshot-chromium", "/nonexistent/chromium", "--format", "jsonl", "--no-progress")
	if r.exit != 1 || !strings.Contains(r.stderr, "chromium not found at /nonexistent/chromium") || !strings.Contains(r.stderr, "apt-get install chromium") {
		t.Errorf("exit %d, stderr %q; want 1 and how to install Chromium", r.exit, r.stderr)
	}
	if len(r.stdout) != 0 {
		t.Errorf("stdout %q, want nothing", r.stdout)
	}
}

// With Chromium, --screenshot writes a PNG per page and the clone's picture
// matches the brand's.
func TestWebScanScreenshots(t *testing.T) {
	if _, err := web.FindChromium(""); err != nil && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	ww := startWebWorld(t)
	dir := filepath.Join(ww.dir, "shots")
	r := lookalike(t, nil, "scan", "acmebank.com", "--candidates", webScanNames(t, ww, "acmebank-secure.com", "acmebakery.com"), "--resolvers", ww.w.Unbound(),
		"--web", "--web-allow-private", "--web-timeout", "5s", "--screenshot", dir, "--format", "jsonl", "--no-progress")
	if r.exit != 0 {
		t.Fatalf("exit %d, want 0", r.exit)
	}
	got := map[string]webScanned{}
	for _, s := range jsonLines[webScanned](t, r.stdout) {
		got[s.Domain] = s
	}
	for name, low := range map[string]int{"acmebank-secure.com": 90, "acmebakery.com": 0} {
		s := got[name]
		if s.Web == nil || s.Web.ShotSimilarity == nil || s.Web.Screenshot != filepath.Join(dir, name+".png") {
			t.Fatalf("%s: web %+v, want a screenshot in %s", name, s.Web, dir)
		}
		if _, err := os.Stat(s.Web.Screenshot); err != nil {
			t.Error(err)
		}
		if *s.Web.ShotSimilarity < low {
			t.Errorf("%s: screenshot similarity %d, want at least %d", name, *s.Web.ShotSimilarity, low)
		}
	}
	if s := got["acmebakery.com"]; *s.Web.ShotSimilarity >= web.CloseShot || s.Verdict != "third-party" {
		t.Errorf("bakery: screenshot similarity %d, verdict %s: want unlike the brand, third-party", *s.Web.ShotSimilarity, s.Verdict)
	}
}

// BenchmarkWebScan is a whole generated scan of the brand in the web world
// through the CLI, with --web (and --smtp-banner) and without: names/s of
// the scan, the names examined, and the CLI's peak RSS, so that the cost of
// the web stage is seen beside the scan it rides on.
func BenchmarkWebScan(b *testing.B) {
	ww := startWebWorld(b)
	base := []string{"scan", "acmebank.com", "--resolvers", ww.w.Unbound(), "--format", "jsonl", "--no-progress"}
	for _, bc := range []struct {
		name  string
		extra []string
	}{
		{"dns-only", nil},
		// Only the world's prefix: the generated names include the one that
		// redirects to 10.11.12.13, which must be refused, not reached.
		{"web", []string{"--web", "--web-allow", ww.w.Prefix().String(), "--web-timeout", "3s", "--smtp-banner"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var names, examined int
			var rss int64
			var seen []string
			for range b.N {
				cmd := exec.Command(lookalikeBin, append(slices.Clone(base), bc.extra...)...)
				out, err := cmd.Output()
				if err != nil {
					b.Fatalf("%v: %s", err, out)
				}
				names, examined, seen = 0, 0, nil
				sc := bufio.NewScanner(bytes.NewReader(out))
				sc.Buffer(make([]byte, 1<<20), 1<<20)
				for sc.Scan() {
					var s webScanned
					if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
						b.Fatalf("%v: %q", err, sc.Text())
					}
					names++
					if s.Web != nil {
						examined++
						seen = append(seen, s.Domain+" "+s.Verdict)
					}
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					rss = max(rss, ru.Maxrss)
				}
			}
			b.Logf("examined: %s", strings.Join(seen, ", "))
			b.ReportMetric(float64(names*b.N)/b.Elapsed().Seconds(), "names/s")
			b.ReportMetric(float64(examined), "examined")
			b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
		})
	}
}

// With only the world's prefix allowed (the hidden --web-allow of test
// worlds), a redirect to 10.11.12.13 and a name at 127.0.0.1 are refused
// before any packet: the redirect stays in the record as evidence.
func TestWebScanRefusesPrivate(t *testing.T) {
	ww := startWebWorld(t)
	r := lookalike(t, nil, "scan", "acmebank.com", "--candidates", webScanNames(t, ww, "acmebank-go.com", localName), "--resolvers", ww.w.Unbound(),
		"--web", "--web-allow", ww.w.Prefix().String(), "--web-timeout", "3s", "--format", "jsonl", "--no-progress")
	if r.exit != 0 {
		t.Fatalf("exit %d, want 0", r.exit)
	}
	got := map[string]webScanned{}
	for _, s := range jsonLines[webScanned](t, r.stdout) {
		got[s.Domain] = s
	}
	if s := got["acmebank-go.com"]; s.Web == nil || s.Web.Error != "forbidden" || s.Web.FinalURL != webtest.PrivateTarget || s.Verdict != "third-party" {
		t.Errorf("acmebank-go.com: verdict %s, web %+v; want the redirect to %s refused", s.Verdict, s.Web, webtest.PrivateTarget)
	}
	if s := got[localName]; s.Web == nil || s.Web.Error != "forbidden" {
		t.Errorf("%s: web %+v, want 127.0.0.1 refused", localName, s.Web)
	}
}
