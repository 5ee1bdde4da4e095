package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/netip"

	"github.com/lookalike/lookalike/web"
	"github.com/lookalike/lookalike/web/webtest"
)

func ExampleExtract() {
	d := web.Extract([]byte(`<html><head><title>Acme Bank – Sign in</title></head>
<body><img src="/logo.svg" alt="Acme Bank"><form><input type="password"></form></body></html>`))
	fmt.Println(d.Title)
	fmt.Println(d.LoginForm, d.Alts)
	// Output:
	// Acme Bank – Sign in
	// true [Acme Bank]
}

func ExampleSimilarity() {
	brand := web.Extract([]byte(webtest.BrandPage("Acme Bank", "acmebank.com"))).Fingerprint
	clone := web.Extract([]byte(webtest.BrandPage("Acme Bank", "acmebank.com"))).Fingerprint
	bakery := web.Extract([]byte(webtest.UnrelatedPage)).Fingerprint
	fmt.Println(web.Similarity(clone, brand), web.Similarity(bakery, brand) < 30)
	// Output: 100 true
}

// A fetcher on a test server: the lookalike's name resolves to loopback,
// which only an explicit allowance lets the fetcher reach.
func ExampleFetcher_Fetch() {
	handlers := webtest.Handlers("Acme Bank", "acmebank.com")
	srv := httptest.NewServer(handlers[webtest.Kit])
	defer srv.Close()
	port := netip.MustParseAddrPort(srv.Listener.Addr().String()).Port()

	f := web.New(web.Options{
		Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Lookup: func(context.Context, string) ([]netip.Addr, error) {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		},
		MapPort: func(_, _ string) string { return fmt.Sprint(port) },
	})
	defer f.Close()
	brand := web.Brand{Domain: "acmebank.com", Terms: []string{"Acme Bank"}}
	site := f.Fetch(context.Background(), "acmebnk.com", brand)
	m := site.Main()
	fmt.Println(m.URL, m.Status, m.LoginForm, m.Mentions)
	for _, s := range web.Assess(site, nil, brand).Signals {
		fmt.Println(s.Kind, "—", s.Evidence)
	}
	// Output:
	// http://acmebnk.com/ 200 true [title logo "Acme Bank"]
	// impersonating — login form naming acmebank
}
