package audit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lookalike/lookalike/permute"
)

// testSite serves testdata/site on loopback, with a few pages that only a
// handler can give: redirects, a slow page, a large page.
type testSite struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // paths, in order
	agents   map[string]bool
}

func newTestSite(t *testing.T, robotsStatus int) *testSite {
	t.Helper()
	s := &testSite{agents: map[string]bool{}}
	mux := http.NewServeMux()
	files := http.FileServer(http.Dir("testdata/site"))
	mux.Handle("/", files)
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if robotsStatus != http.StatusOK {
			http.Error(w, "robots status", robotsStatus)
			return
		}
		files.ServeHTTP(w, r)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/contact.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://www.airbrand-travel.com/", http.StatusFound)
	})
	mux.HandleFunc("/slow.html", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	})
	mux.HandleFunc("/hub.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><a href="/slow.html">slow</a><a href="/contact.html">contact</a></html>`)
	})
	mux.HandleFunc("/big.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><a href="https://early-partner.com/">early</a>`)
		fmt.Fprint(w, strings.Repeat("<p>padding</p>\n", 2000))
		fmt.Fprint(w, `<a href="https://late-partner.com/">late</a></html>`)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.Path)
		s.agents[r.UserAgent()] = true
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) fetched() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// skips records what OnSkip heard, with the server's address replaced.
type skips struct {
	base string
	list []string
}

func (k *skips) hook(u string, err error) {
	msg := strings.ReplaceAll(err.Error(), k.base, "SITE")
	// The exact wording of a timeout belongs to net/http.
	if errors.Is(err, context.DeadlineExceeded) {
		msg = "deadline exceeded"
	}
	if !strings.Contains(msg, "SITE") {
		msg = strings.ReplaceAll(u, k.base, "SITE") + ": " + msg
	}
	k.list = append(k.list, msg)
}

func TestCrawlGolden(t *testing.T) {
	site := newTestSite(t, http.StatusOK)
	k := &skips{base: site.URL}
	refs, err := Crawl(context.Background(), site.URL+"/", CrawlOptions{OnSkip: k.hook, Client: site.Client()})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		checkRef(t, r)
	}
	out := strings.ReplaceAll(formatRefs(refs), site.URL, "SITE")
	out += "# skipped\n" + strings.Join(k.list, "\n") + "\n"
	goldenFile(t, "crawl.golden", out)
	if got := strings.Count(strings.Join(site.fetched(), " "), "/robots.txt"); got != 1 {
		t.Errorf("robots.txt fetched %d times, want once", got)
	}
	for ua := range site.agents {
		if !strings.HasPrefix(ua, "lookalike-audit/") || !strings.Contains(ua, "+https://") {
			t.Errorf("user agent %q does not say who is crawling", ua)
		}
	}
}

func TestCrawl(t *testing.T) {
	site := newTestSite(t, http.StatusOK)
	has := func(refs []Ref, host string) bool {
		return slices.ContainsFunc(refs, func(r Ref) bool { return r.Host == host })
	}
	tests := []struct {
		name    string
		start   string
		opt     CrawlOptions
		present []string
		absent  []string
		skipped []string // substrings of OnSkip messages
	}{
		{"robots.txt respected", "/", CrawlOptions{},
			[]string{"faq-partner.com", "www.airbrand-travel.com"}, []string{"secret-partner.com"},
			[]string{"private/secret.html: " + ErrDisallowed.Error()}},
		{"robots.txt ignored", "/", CrawlOptions{IgnoreRobots: true},
			[]string{"secret-partner.com", "faq-partner.com"}, nil, nil},
		{"start page only", "/", CrawlOptions{Depth: StartOnly},
			[]string{"api.airbrand-support.com", "app.airbrand-mobile.fr"}, []string{"chat.airbrand-helpdesk.com", "partner-level1.com"}, nil},
		{"default depth stops two links away", "/", CrawlOptions{},
			[]string{"partner-level1.com", "partner-level2.com", "www.airbrand-nouveau.fr"}, []string{"partner-level3.com"}, nil},
		{"depth three", "/", CrawlOptions{Depth: 3},
			[]string{"partner-level3.com"}, nil, nil},
		{"a page that is not found is skipped", "/", CrawlOptions{Depth: 4},
			[]string{"partner-level3.com"}, nil, []string{"deep/4.html: HTTP 404"}},
		{"max pages", "/", CrawlOptions{MaxPages: 3},
			// sorted: /, then /away (off-site redirect) and /contact.html
			[]string{"chat.airbrand-helpdesk.com"}, []string{"partner-level1.com", "websupport-airbrand.fr"}, nil},
		{"body cap", "/big.html", CrawlOptions{MaxBody: 1024},
			[]string{"early-partner.com"}, []string{"late-partner.com"}, nil},
		{"whole body without the cap", "/big.html", CrawlOptions{},
			[]string{"early-partner.com", "late-partner.com"}, nil, nil},
		{"a page that times out is skipped", "/hub.html", CrawlOptions{Timeout: 2 * time.Second},
			[]string{"chat.airbrand-helpdesk.com"}, nil, []string{"SITE/slow.html: deadline exceeded"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := &skips{base: site.URL}
			tc.opt.OnSkip = k.hook
			refs, err := Crawl(context.Background(), site.URL+tc.start, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range tc.present {
				if !has(refs, h) {
					t.Errorf("%s not found", h)
				}
			}
			for _, h := range tc.absent {
				if has(refs, h) {
					t.Errorf("%s found, want it not read", h)
				}
			}
			for _, s := range tc.skipped {
				if !slices.ContainsFunc(k.list, func(m string) bool { return strings.Contains(m, s) }) {
					t.Errorf("no skip matching %q in %q", s, k.list)
				}
			}
		})
	}
}

func TestCrawlMaxPagesFetches(t *testing.T) {
	site := newTestSite(t, http.StatusOK)
	if _, err := Crawl(context.Background(), site.URL+"/", CrawlOptions{MaxPages: 3, IgnoreRobots: true}); err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, p := range site.fetched() {
		if !strings.HasSuffix(p, ".js") && !strings.HasSuffix(p, ".json") {
			pages = append(pages, p)
		}
	}
	sort.Strings(pages)
	// /away answers with a redirect off the site, which is not followed.
	want := []string{"/", "/away", "/contact.html"}
	if !slices.Equal(pages, want) {
		t.Errorf("fetched pages %q, want %q", pages, want)
	}
}

func TestCrawlErrors(t *testing.T) {
	t.Run("unreachable robots.txt disallows the site", func(t *testing.T) {
		site := newTestSite(t, http.StatusServiceUnavailable)
		_, err := Crawl(context.Background(), site.URL+"/", CrawlOptions{})
		if !errors.Is(err, ErrDisallowed) {
			t.Fatalf("err = %v, want ErrDisallowed", err)
		}
		if got := site.fetched(); !slices.Equal(got, []string{"/robots.txt"}) {
			t.Errorf("fetched %q, want robots.txt alone", got)
		}
	})
	t.Run("missing robots.txt allows the site", func(t *testing.T) {
		site := newTestSite(t, http.StatusNotFound)
		refs, err := Crawl(context.Background(), site.URL+"/", CrawlOptions{})
		if err != nil || !slices.ContainsFunc(refs, func(r Ref) bool { return r.Host == "secret-partner.com" }) {
			t.Fatalf("err = %v; secret-partner.com should be read when robots.txt is 404", err)
		}
	})
	t.Run("start page that fails", func(t *testing.T) {
		site := newTestSite(t, http.StatusOK)
		_, err := Crawl(context.Background(), site.URL+"/nope.html", CrawlOptions{})
		if err == nil || !strings.Contains(err.Error(), "404") {
			t.Fatalf("err = %v, want the 404", err)
		}
	})
	t.Run("start page that times out", func(t *testing.T) {
		site := newTestSite(t, http.StatusOK)
		_, err := Crawl(context.Background(), site.URL+"/slow.html", CrawlOptions{Timeout: 200 * time.Millisecond})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a deadline", err)
		}
	})
	t.Run("not a web address", func(t *testing.T) {
		_, err := Crawl(context.Background(), "ftp://brand.fr/", CrawlOptions{})
		if !errors.Is(err, permute.ErrBadInput) {
			t.Fatalf("err = %v, want ErrBadInput", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		site := newTestSite(t, http.StatusOK)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Crawl(ctx, site.URL+"/", CrawlOptions{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
}
