package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loopOptions reach one httptest server at 127.0.0.1 under any name.
func loopOptions(srv *httptest.Server) Options {
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return Options{
		Timeout: 5 * time.Second,
		Allow:   []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Lookup: func(context.Context, string) ([]netip.Addr, error) {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		},
		MapPort: func(_, _ string) string { return port },
		PerHost: -1,
	}
}

func TestRedirectLimit(t *testing.T) {
	// /hop/N redirects to /hop/N-1; /hop/0 is the page.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
			return
		}
		fmt.Fprint(w, "<title>end</title>")
	}))
	defer srv.Close()
	tests := []struct {
		name      string
		hops, max int
		reason    string
	}{
		{"five redirects are followed", 5, 0, ""},
		{"a sixth is not", 6, 0, "too-many-redirects"},
		{"more than five cannot be asked for", 6, 10, "too-many-redirects"},
		{"fewer can", 3, 2, "too-many-redirects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := loopOptions(srv)
			o.MaxRedirects = tt.max
			p := New(o).FetchURL(context.Background(), fmt.Sprintf("http://a.test/hop/%d", tt.hops), Brand{Domain: "b.test"})
			if p.Reason != tt.reason {
				t.Errorf("reason %q (%s), want %q", p.Reason, p.Error, tt.reason)
			}
			if tt.reason == "" && (p.Title != "end" || len(p.Redirects) != tt.hops) {
				t.Errorf("title %q after %d redirects, want the end page after %d", p.Title, len(p.Redirects), tt.hops)
			}
		})
	}
}

func TestConcurrencyAndUserAgent(t *testing.T) {
	var now, peak atomic.Int64
	var agents sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := now.Add(1)
		defer now.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		agents.Store(r.UserAgent(), true)
		time.Sleep(20 * time.Millisecond) // lets requests overlap if the bound fails
		fmt.Fprint(w, "<title>ok</title>")
	}))
	defer srv.Close()
	o := loopOptions(srv)
	o.Concurrency = 2
	f := New(o)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Go(func() { f.Fetch(context.Background(), fmt.Sprintf("n%d.test", i), Brand{Domain: "b.test"}) })
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests in flight, want at most 2", p)
	}
	agents.Range(func(k, _ any) bool {
		if k.(string) != DefaultUserAgent {
			t.Errorf("user agent %q, want %q", k, DefaultUserAgent)
		}
		return true
	})
}

func TestPerHostLimiter(t *testing.T) {
	d := &Dialer{PerHost: 4}
	a, b := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	first := d.limiter(a)
	if d.limiter(a) != first || d.limiter(b) == first {
		t.Error("want one limiter per address")
	}
	if got := d.limiter(a).Burst(); got != 4 {
		t.Errorf("burst %d, want 4: the four URLs of a name at once", got)
	}
	if (&Dialer{}).limiter(a) != nil {
		t.Error("a zero PerHost must not limit")
	}
}
