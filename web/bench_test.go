package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/lookalike/lookalike/web/webtest"
)

// BenchmarkFetch measures the fetcher on loopback against the brand's page
// (5 kB of HTML): pages/s with extraction and fingerprint, names/s (four
// URLs each), and beside them a bare net/http client reading the same page
// with the same concurrency, the floor any fetcher pays.
func BenchmarkFetch(b *testing.B) {
	page := webtest.BrandPage("Acme Bank", "acmebank.test")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	const workers = DefaultConcurrency
	brand := Brand{Domain: "acmebank.test", Terms: []string{"Acme Bank"}}
	run := func(b *testing.B, per int, one func(i int)) {
		b.ResetTimer()
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Go(func() {
				for i := range next {
					one(i)
				}
			})
		}
		for i := range b.N {
			next <- i
		}
		close(next)
		wg.Wait()
		b.ReportMetric(float64(b.N*per)/b.Elapsed().Seconds(), "pages/s")
	}
	b.Run("web.FetchURL", func(b *testing.B) {
		f := New(loopOptions(srv))
		defer f.Close()
		run(b, 1, func(i int) {
			if p := f.FetchURL(context.Background(), fmt.Sprintf("http://n%d.test/", i), brand); !p.OK() {
				b.Fatal(p.Error)
			}
		})
	})
	b.Run("web.Fetch-4-urls", func(b *testing.B) {
		f := New(loopOptions(srv))
		defer f.Close()
		run(b, 4, func(i int) { f.Fetch(context.Background(), fmt.Sprintf("n%d.test", i), brand) })
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "names/s")
	})
	big := httptest.NewServer(webtest.Handlers("Acme Bank", "acmebank.test")[webtest.Big])
	defer big.Close()
	b.Run("web.FetchURL-50MB-body", func(b *testing.B) {
		f := New(loopOptions(big))
		defer f.Close()
		run(b, 1, func(i int) {
			if p := f.FetchURL(context.Background(), fmt.Sprintf("http://n%d.test/", i), brand); !p.Truncated {
				b.Fatalf("not truncated: %+v", p)
			}
		})
	})
	b.Run("net-http-reference", func(b *testing.B) {
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		run(b, 1, func(int) {
			resp, err := c.Get(srv.URL)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
	})
}

// BenchmarkExtract is the HTML reader and fingerprint alone.
func BenchmarkExtract(b *testing.B) {
	page := []byte(webtest.BrandPage("Acme Bank", "acmebank.test"))
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		Extract(page)
	}
}
