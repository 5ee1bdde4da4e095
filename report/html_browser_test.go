package report

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// chromium finds Debian's headless browser, or skips; under CI=true a
// missing browser fails, so that the test cannot pass by not running.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed and CI=true requires the browser test to run (.ci/run installs Debian's chromium)")
	}
	t.Skip("chromium is not installed")
	return ""
}

// TestHTMLInChromium opens the report in headless Chromium and reads the DOM
// after its script ran. Every request the browser makes goes through a
// logging proxy on loopback (loopback included, "<-loopback>"), and every
// host name resolves to nothing, so the log is the whole list of what the
// page asked for: the report itself and nothing else.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	page := renderHTML(t, HTMLOptions{Budget: 1, History: htmlHistoryFixture}, htmlFixture(t))

	// probe is a page that does load something: it shows that the log
	// would catch the report doing the same.
	probe := `<!DOCTYPE html><title>probe</title><img src="http://images.example/x.png"><link rel="stylesheet" href="https://fonts.example/f.css">`

	var mu sync.Mutex
	var requests []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if r.Method == http.MethodConnect {
			host = r.RequestURI
		}
		if browserOwn(host) {
			http.Error(w, "no", http.StatusForbidden) // Chromium's own services, not the page's
			return
		}
		mu.Lock()
		requests = append(requests, r.Method+" "+r.URL.Path+" "+host)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/report.html":
			w.Write([]byte(page))
			return
		case r.Method == http.MethodGet && r.URL.Path == "/probe.html":
			w.Write([]byte(probe))
			return
		}
		http.Error(w, "the report may not load anything", http.StatusForbidden)
	}))
	defer srv.Close()

	tests := []struct {
		name     string
		fragment string
		want     []*regexp.Regexp
		hidden   int // rows the script hid
	}{
		{
			name: "opened",
			want: []*regexp.Regexp{
				// The script ran under the page's policy: it shows the controls.
				regexp.MustCompile(`<div class="controls" id="controls">`),
				regexp.MustCompile(`<span id="shown">13</span>`),
				regexp.MustCompile(`<section id="impersonating" data-verdict="impersonating">`),
				regexp.MustCompile(`<svg class="chart"`),
				regexp.MustCompile(`src="data:image/png;base64,`),
				regexp.MustCompile(`&lt;script&gt;alert\(1\)&lt;/script&gt;`),
			},
		},
		{
			name:     "searched from the link",
			fragment: "#q=acmebank-login",
			want: []*regexp.Regexp{
				regexp.MustCompile(`<span id="shown">1</span>`),
				regexp.MustCompile(`<tr data-name="acmebank-login.com [^"]*">`),
			},
			hidden: 12,
		},
		{
			name:     "filtered by verdict from the link",
			fragment: "#v=parked,impersonating",
			want: []*regexp.Regexp{
				regexp.MustCompile(`<span id="shown">2</span>`),
				regexp.MustCompile(`<section id="third-party" data-verdict="third-party" class="hidden">`),
				regexp.MustCompile(`<section id="parked" data-verdict="parked">`),
				regexp.MustCompile(`<section id="owned" data-verdict="owned" class="hidden">`),
			},
			hidden: 11,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mu.Lock()
			requests = nil
			mu.Unlock()
			dom := dumpDOM(t, bin, srv.URL, srv.URL+"/report.html"+tc.fragment)
			for _, re := range tc.want {
				if !re.MatchString(dom) {
					t.Errorf("DOM lacks %s", re)
				}
			}
			if strings.Contains(dom, "<script>alert") {
				t.Error("markup from a record became an element")
			}
			if got := len(regexp.MustCompile(`<tr data-name="[^"]*" class="hidden"|<tr data-name="[^"]*" class="budget hidden"`).FindAllString(dom, -1)); got != tc.hidden {
				t.Errorf("%d rows hidden, want %d", got, tc.hidden)
			}
			mu.Lock()
			defer mu.Unlock()
			if want := "GET /report.html " + strings.TrimPrefix(srv.URL, "http://"); len(requests) != 1 || requests[0] != want {
				t.Errorf("the browser requested %q, want [%q] alone", requests, want)
			}
		})
	}
	t.Run("the log catches a page that loads", func(t *testing.T) {
		mu.Lock()
		requests = nil
		mu.Unlock()
		dumpDOM(t, bin, srv.URL, srv.URL+"/probe.html")
		mu.Lock()
		defer mu.Unlock()
		got := strings.Join(requests, "\n")
		for _, want := range []string{"images.example", "fonts.example:443"} {
			if !strings.Contains(got, want) {
				t.Errorf("the log missed the probe's request to %s: %q", want, requests)
			}
		}
	})
}

// browserOwn names the hosts Chromium itself calls on start (updates,
// accounts, time), whatever page it opens; they reach the logging proxy and
// go no further, but they are not the page's requests.
func browserOwn(host string) bool {
	h := host
	if i := strings.LastIndexByte(h, ':'); i > 0 {
		h = h[:i]
	}
	for _, own := range []string{"update.googleapis.com", "accounts.google.com", "clients2.google.com",
		"clients1.google.com", "safebrowsing.googleapis.com", "optimizationguide-pa.googleapis.com",
		"content-autofill.googleapis.com", "redirector.gvt1.com", "edgedl.me.gvt1.com"} {
		if h == own {
			return true
		}
	}
	return false
}

func dumpDOM(t *testing.T, bin, proxy, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
		"--user-data-dir="+t.TempDir(),
		"--proxy-server="+proxy, "--proxy-bypass-list=<-loopback>",
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--virtual-time-budget=3000",
		"--dump-dom", url)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out)
}
