package rdap

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loopbackOnly is the HTTP client every test uses: whatever a bug makes the
// code dial, nothing leaves the machine.
func loopbackOnly() *http.Client {
	d := &net.Dialer{Timeout: 2 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return nil, fmt.Errorf("test refused to dial %s: not loopback", addr)
			}
			return d.DialContext(ctx, network, addr)
		},
	}}
}

// registry is an RDAP server on 127.0.0.1 whose bootstrap sends the TLDs
// "test" and "example" to itself, and counts the domain queries it gets.
type registry struct {
	srv  *httptest.Server
	hits atomic.Int64
	boot *Bootstrap
}

func newRegistry(t *testing.T, h http.HandlerFunc) *registry {
	t.Helper()
	r := &registry{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/rdap/domain/") {
			r.hits.Add(1)
		}
		h(w, req)
	}))
	t.Cleanup(r.srv.Close)
	// No trailing slash on purpose: LoadBootstrap must add it.
	boot := fmt.Sprintf(`{"publication":"2026-01-01T00:00:00Z","services":[[["test","example"],[%q]]]}`, r.srv.URL+"/rdap")
	b, err := LoadBootstrap(strings.NewReader(boot))
	if err != nil {
		t.Fatal(err)
	}
	r.boot = b
	return r
}

// client makes a Client for this registry that retries fast and never sleeps
// on the rate limit unless a test asks it to.
func (r *registry) client(opts Options) *Client {
	opts.Bootstrap = r.boot
	opts.HTTPClient = loopbackOnly()
	if opts.PerHostRate == 0 {
		opts.PerHostRate = 1000
	}
	return New(opts)
}

// domainObject renders a domain object for name, as a registry would.
func domainJSON(name string, status ...string) string {
	quoted := make([]string, len(status))
	for i, s := range status {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf(`{
  "objectClassName": "domain",
  "ldhName": %q,
  "status": [%s],
  "entities": [{"objectClassName": "entity", "roles": ["registrar"],
    "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Test Registrar LLC"]]]}],
  "events": [{"eventAction": "registration", "eventDate": "2026-03-04T05:06:07Z"},
             {"eventAction": "expiration", "eventDate": "2027-03-04T05:06:07Z"}]
}`, strings.ToUpper(name), strings.Join(quoted, ", "))
}

func serve(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rdap+json")
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

// sequence answers the n-th domain query with handlers[n], repeating the last.
func sequence(handlers ...http.HandlerFunc) http.HandlerFunc {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		handlers[min(i, len(handlers)-1)](w, r)
	}
}

func retryAfter(v string, code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", v)
		w.WriteHeader(code)
	}
}

func TestLookup(t *testing.T) {
	const name = "brand.test"
	found := serve(200, domainJSON(name, "client transfer prohibited"))
	cases := []struct {
		name     string
		handler  http.HandlerFunc
		opts     Options
		want     Outcome
		wantErr  string // substring of Answer.Err; "" means Err must be empty
		wantHits int64
	}{
		{name: "200 with registrar and events", handler: found, want: Found, wantHits: 1},
		{name: "404", handler: serve(404, `{"errorCode":404,"title":"Not Found"}`), want: NotFound, wantHits: 1},
		{name: "404 without body", handler: serve(404, ""), want: NotFound, wantHits: 1},
		{name: "client hold", handler: serve(200, domainJSON(name, "client hold")), want: Hold, wantHits: 1},
		{name: "server hold", handler: serve(200, domainJSON(name, "server hold", "server transfer prohibited")), want: Hold, wantHits: 1},
		{name: "EPP clientHold", handler: serve(200, domainJSON(name, "clientHold")), want: Hold, wantHits: 1},
		{name: "EPP serverHold", handler: serve(200, domainJSON(name, "serverHold")), want: Hold, wantHits: 1},
		{name: "inactive", handler: serve(200, domainJSON(name, "inactive")), want: Hold, wantHits: 1},
		{name: "500", handler: serve(500, "oops"), want: Failed, wantErr: "HTTP 500", wantHits: 1},
		{name: "403", handler: serve(403, ""), want: Failed, wantErr: "HTTP 403", wantHits: 1},
		{name: "503 then 200", handler: sequence(retryAfter("0", 503), found), want: Found, wantHits: 2},
		{name: "503 every time", handler: retryAfter("0", 503), want: Failed, wantErr: "gave up after 3 attempts", wantHits: 3},
		{name: "429 then 200", handler: sequence(retryAfter("0", 429), retryAfter("0", 429), found), want: Found, wantHits: 3},
		{name: "429 every time", handler: retryAfter("0", 429), want: Throttled, wantErr: "HTTP 429", wantHits: 3},
		{name: "429 with retries off", handler: retryAfter("0", 429), opts: Options{MaxRetries: -1}, want: Throttled, wantErr: "gave up after 1 attempt)", wantHits: 1},
		{name: "429 asking longer than the cap", handler: retryAfter("3600", 429), want: Throttled, wantErr: "more than the 1m0s cap", wantHits: 1},
		{name: "429 with an HTTP date beyond the cap", handler: retryAfter(time.Now().Add(3*time.Hour).UTC().Format(http.TimeFormat), 429), want: Throttled, wantErr: "cap", wantHits: 1},
		{name: "oversized body with Content-Length", handler: serve(200, domainJSON(name)+strings.Repeat(" ", 4096)),
			opts: Options{MaxBody: 1024}, want: Failed, wantErr: "limit", wantHits: 1},
		{name: "oversized body streamed", handler: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(200)
			fmt.Fprint(w, `{"objectClassName":"domain","ldhName":"brand.test","notices":[`)
			for range 200 {
				fmt.Fprint(w, `{"title":"padding padding padding padding"},`)
				w.(http.Flusher).Flush()
			}
			fmt.Fprint(w, `{}]}`)
		}, opts: Options{MaxBody: 1024}, want: Failed, wantErr: "limit", wantHits: 1},
		{name: "oversized headers", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Flood", strings.Repeat("z", 2*maxHeaderBytes))
			found(w, r)
		}, want: Failed, wantErr: "headers exceeded", wantHits: 1},
		{name: "malformed JSON", handler: serve(200, `{"objectClassName":"domain","ldhName":`), want: Failed, wantErr: "malformed", wantHits: 1},
		{name: "HTML error page", handler: serve(200, `<html>rate limited</html>`), want: Failed, wantErr: "malformed", wantHits: 1},
		{name: "object for another name", handler: serve(200, domainJSON("other.test")), want: Failed, wantErr: "not \"brand.test\"", wantHits: 1},
		{name: "error object with 200", handler: serve(200, `{"errorCode":500,"title":"backend down"}`), want: Failed, wantErr: "errorCode 500", wantHits: 1},
		{name: "redirect to plain http elsewhere is refused", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://rdap.example.invalid/domain/brand.test", http.StatusFound)
		}, want: Failed, wantErr: "redirect to http://rdap.example.invalid", wantHits: 1},
		{name: "redirect on the same loopback server is followed", handler: func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/rdap/") {
				http.Redirect(w, r, "/moved/domain/brand.test", http.StatusMovedPermanently)
				return
			}
			found(w, r)
		}, want: Found, wantHits: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			reg := newRegistry(t, tc.handler)
			a := reg.client(tc.opts).Lookup(context.Background(), name)
			if a.Outcome != tc.want {
				t.Errorf("Outcome = %v, want %v (answer %+v)", a.Outcome, tc.want, a)
			}
			if tc.wantErr == "" && a.Err != "" || !strings.Contains(a.Err, tc.wantErr) {
				t.Errorf("Err = %q, want it to contain %q", a.Err, tc.wantErr)
			}
			if got := reg.hits.Load(); got != tc.wantHits {
				t.Errorf("server got %d queries, want %d", got, tc.wantHits)
			}
			if a.Server != reg.srv.URL+"/rdap/" {
				t.Errorf("Server = %q, want %q", a.Server, reg.srv.URL+"/rdap/")
			}
			switch a.Outcome {
			case Found, Hold:
				if a.Registrar != "Test Registrar LLC" || a.Created != "2026-03-04T05:06:07Z" || a.Expires != "2027-03-04T05:06:07Z" || len(a.Status) == 0 {
					t.Errorf("registration data missing: %+v", a)
				}
			default:
				if a.Registrar != "" || a.Status != nil || a.RDAP() != nil {
					t.Errorf("%v answer carries registration data: %+v", a.Outcome, a)
				}
			}
		})
	}
}

func TestLookupHonoursRetryAfter(t *testing.T) {
	cases := []struct {
		name  string
		value func() string
	}{
		{name: "seconds", value: func() string { return "1" }},
		{name: "HTTP date", value: func() string { return time.Now().Add(time.Second).UTC().Format(http.TimeFormat) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex // handlers run on the server's goroutines
			var first time.Time
			var pause time.Duration
			reg := newRegistry(t, sequence(
				func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					first = time.Now()
					mu.Unlock()
					retryAfter(tc.value(), 429)(w, r)
				},
				func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					pause = time.Since(first)
					mu.Unlock()
					serve(200, domainJSON("brand.test"))(w, r)
				}))
			a := reg.client(Options{}).Lookup(context.Background(), "brand.test")
			if a.Outcome != Found || reg.hits.Load() != 2 {
				t.Fatalf("answer %+v after %d queries, want Found after 2", a, reg.hits.Load())
			}
			// Only a lower bound: the retry must not come before the server
			// allowed it. An HTTP date has whole seconds, so it may allow less.
			mu.Lock()
			defer mu.Unlock()
			if tc.name == "seconds" && pause < time.Second {
				t.Errorf("retried after %s, before the 1s Retry-After", pause)
			}
		})
	}
}

func TestLookupTimeout(t *testing.T) {
	reg := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	a := reg.client(Options{Timeout: 100 * time.Millisecond}).Lookup(context.Background(), "brand.test")
	if a.Outcome != Failed || !strings.Contains(a.Err, "timeout") {
		t.Errorf("slow server gave %+v, want Failed with a timeout", a)
	}
}

func TestLookupSlowBody(t *testing.T) {
	reg := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		fmt.Fprint(w, `{"objectClassName":"domain",`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	a := reg.client(Options{Timeout: 100 * time.Millisecond}).Lookup(context.Background(), "brand.test")
	if a.Outcome != Failed || !strings.Contains(a.Err, "timeout") {
		t.Errorf("body that never ends gave %+v, want Failed with a timeout", a)
	}
}

func TestLookupCancel(t *testing.T) {
	t.Run("while the server thinks", func(t *testing.T) {
		started := make(chan struct{})
		reg := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
			close(started)
			<-r.Context().Done()
		})
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-started; cancel() }()
		a := reg.client(Options{}).Lookup(ctx, "brand.test")
		if a.Outcome != Failed || !strings.Contains(a.Err, "cancelled") {
			t.Errorf("cancelled lookup gave %+v, want Failed, cancelled", a)
		}
	})
	t.Run("before the query", func(t *testing.T) {
		reg := newRegistry(t, serve(404, ""))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		a := reg.client(Options{}).Lookup(ctx, "brand.test")
		if a.Outcome != Failed || reg.hits.Load() != 0 {
			t.Errorf("pre-cancelled lookup gave %+v after %d queries, want Failed after 0", a, reg.hits.Load())
		}
	})
	t.Run("during a Retry-After pause", func(t *testing.T) {
		reg := newRegistry(t, retryAfter("30", 429))
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		a := reg.client(Options{}).Lookup(ctx, "brand.test")
		if a.Outcome != Failed || reg.hits.Load() != 1 {
			t.Errorf("lookup cancelled in its pause gave %+v after %d queries, want Failed after 1", a, reg.hits.Load())
		}
	})
}

func TestLookupWithoutServer(t *testing.T) {
	b, err := LoadBootstrap(strings.NewReader(`{"services":[
		[["test"],["https://127.0.0.1:1/"]],
		[["plain"],["http://rdap.plain.example/"]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{Bootstrap: b, HTTPClient: loopbackOnly()})
	cases := []struct {
		name, domain string
		want         Outcome
		wantErr      string
	}{
		{name: "TLD absent from the bootstrap", domain: "brand.zz", want: NoServer, wantErr: "no service for .zz"},
		{name: "plain http to a remote host", domain: "brand.plain", want: NoServer, wantErr: "plain http"},
		{name: "not a domain name", domain: "brand_test..x", want: Failed, wantErr: "not a registrable domain"},
		{name: "a TLD alone", domain: "test", want: Failed, wantErr: "not a registrable domain"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := c.Lookup(context.Background(), tc.domain)
			if a.Outcome != tc.want || !strings.Contains(a.Err, tc.wantErr) {
				t.Errorf("Lookup(%q) = %+v, want %v with %q", tc.domain, a, tc.want, tc.wantErr)
			}
		})
	}
}

func TestLookupUnicodeName(t *testing.T) {
	var mu sync.Mutex
	var asked string
	reg := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = r.URL.Path
		mu.Unlock()
		serve(200, domainJSON("xn--bcher-kva.test"))(w, r)
	})
	a := reg.client(Options{}).Lookup(context.Background(), "Bücher.test")
	mu.Lock()
	defer mu.Unlock()
	if a.Outcome != Found || asked != "/rdap/domain/xn--bcher-kva.test" {
		t.Errorf("Lookup(Bücher.test) asked %q and got %+v; want the A-label asked and Found", asked, a)
	}
}

func TestLookupSendsHeaders(t *testing.T) {
	var mu sync.Mutex
	var ua, accept string
	reg := newRegistry(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ua, accept = r.UserAgent(), r.Header.Get("Accept")
		mu.Unlock()
		w.WriteHeader(404)
	})
	reg.client(Options{UserAgent: "lookalike-test/1"}).Lookup(context.Background(), "brand.test")
	mu.Lock()
	defer mu.Unlock()
	if ua != "lookalike-test/1" || !strings.Contains(accept, "application/rdap+json") {
		t.Errorf("User-Agent %q, Accept %q; want the configured agent and application/rdap+json", ua, accept)
	}
}

// TestThrottlePerHost counts what reaches one host in a short window while
// many lookups want to go: never more than the rate allows (burst 1), and
// everything that did not get through is Failed, never NotFound.
func TestThrottlePerHost(t *testing.T) {
	reg := newRegistry(t, serve(404, ""))
	other := newRegistry(t, serve(404, ""))
	const rate, window, lookups = 4.0, 500 * time.Millisecond, 20
	maxHits := int64(1 + rate*window.Seconds())

	c := New(Options{Bootstrap: reg.boot, HTTPClient: loopbackOnly(), PerHostRate: rate})
	c2 := New(Options{Bootstrap: other.boot, HTTPClient: loopbackOnly(), PerHostRate: rate})
	ctx, cancel := context.WithTimeout(context.Background(), window)
	defer cancel()

	var wg sync.WaitGroup
	answers := make([]Answer, lookups)
	for i := range lookups {
		wg.Go(func() { answers[i] = c.Lookup(ctx, fmt.Sprintf("brand%d.test", i)) })
	}
	// Another host is not held back by the first one's queue.
	otherAnswer := c2.Lookup(ctx, "brand.test")
	wg.Wait()

	hits := reg.hits.Load()
	if hits > maxHits {
		t.Errorf("%d queries reached the host in %s at %.0f/s, want at most %d", hits, window, rate, maxHits)
	}
	if hits == 0 {
		t.Error("no query reached the host at all")
	}
	var notFound int64
	for _, a := range answers {
		switch a.Outcome {
		case NotFound:
			notFound++
		case Failed:
		default:
			t.Errorf("throttled lookup gave %v, want NotFound or Failed", a.Outcome)
		}
	}
	if notFound != hits {
		t.Errorf("%d NotFound answers for %d queries served", notFound, hits)
	}
	if otherAnswer.Outcome != NotFound {
		t.Errorf("a lookup on another host gave %+v, want NotFound", otherAnswer)
	}
}

// TestRetryAfterHoldsTheHost: a pause a server asks for covers every lookup
// on that host, not only the one that was told.
func TestRetryAfterHoldsTheHost(t *testing.T) {
	t.Run("pause longer than the cap", func(t *testing.T) {
		reg := newRegistry(t, sequence(retryAfter("3600", 429), serve(404, "")))
		c := reg.client(Options{})
		if a := c.Lookup(context.Background(), "one.test"); a.Outcome != Throttled {
			t.Fatalf("first lookup gave %+v, want Throttled", a)
		}
		a := c.Lookup(context.Background(), "two.test")
		if a.Outcome != Throttled || !strings.Contains(a.Err, "pause") {
			t.Errorf("lookup during an hour-long pause gave %+v, want Throttled without asking", a)
		}
		if got := reg.hits.Load(); got != 1 {
			t.Errorf("host that asked for an hour's pause got %d queries, want 1", got)
		}
	})
	t.Run("pause within the cap", func(t *testing.T) {
		reg := newRegistry(t, retryAfter("30", 429))
		c := reg.client(Options{})
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		var wg sync.WaitGroup
		wg.Go(func() { c.Lookup(ctx, "one.test") })
		host := c.host(strings.TrimPrefix(reg.srv.URL, "http://"))
		for host.paused() <= 0 && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		a := c.Lookup(ctx, "two.test")
		wg.Wait()
		if a.Outcome != Failed || !strings.Contains(a.Err, "cancelled") {
			t.Errorf("lookup during a 30s pause gave %+v, want Failed when its context ended", a)
		}
		if got := reg.hits.Load(); got != 1 {
			t.Errorf("host told to wait 30s got %d queries, want 1", got)
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name, in string
		want     time.Duration
		ok       bool
	}{
		{name: "seconds", in: "120", want: 2 * time.Minute, ok: true},
		{name: "zero", in: "0", want: 0, ok: true},
		{name: "padded", in: " 7 ", want: 7 * time.Second, ok: true},
		{name: "IMF date ahead", in: "Wed, 01 Jul 2026 12:00:30 GMT", want: 30 * time.Second, ok: true},
		{name: "RFC 850 date ahead", in: "Wednesday, 01-Jul-26 12:01:00 GMT", want: time.Minute, ok: true},
		{name: "date in the past", in: "Wed, 01 Jul 2026 11:00:00 GMT", want: 0, ok: true},
		{name: "negative", in: "-5", ok: false},
		{name: "fraction", in: "1.5", ok: false},
		{name: "words", in: "soon", ok: false},
		{name: "empty", in: "", ok: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseRetryAfter(tc.in, now)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(Options{})
	o := c.opts
	if o.Bootstrap != DefaultBootstrap() || o.Timeout != DefaultTimeout || o.MaxBody != DefaultMaxBody ||
		o.PerHostRate != DefaultPerHostRate || o.MaxRetries != DefaultMaxRetries || o.MaxRetryWait != DefaultMaxRetryWait ||
		o.UserAgent != DefaultUserAgent {
		t.Errorf("zero Options became %+v, want the documented defaults", o)
	}
	given := &http.Client{Timeout: time.Hour}
	c = New(Options{HTTPClient: given, MaxRetries: -1})
	if c.http == given || c.http.Timeout != 0 || c.http.CheckRedirect == nil || given.CheckRedirect != nil {
		t.Error("New must copy the given client, not change it, and set its own redirect rule")
	}
	if c.opts.MaxRetries != 0 {
		t.Errorf("MaxRetries -1 became %d, want 0", c.opts.MaxRetries)
	}
}

func TestOutcomeString(t *testing.T) {
	var names []string
	for o := Failed; o <= Throttled; o++ {
		names = append(names, o.String())
	}
	want := []string{"failed", "found", "not-found", "hold", "no-server", "throttled"}
	if !slices.Equal(names, want) {
		t.Errorf("outcome names %q, want %q", names, want)
	}
	if s := Outcome(42).String(); s != "outcome(42)" {
		t.Errorf("Outcome(42) = %q", s)
	}
	if b, _ := Hold.MarshalText(); string(b) != "hold" {
		t.Errorf("Hold.MarshalText = %q", b)
	}
}
