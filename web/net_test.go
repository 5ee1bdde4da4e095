package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/web/webtest"
)

// The brand of the unit tests and the names its lookalikes have.
var testBrand = Brand{Domain: "acmebank.test", Terms: []string{"Acme Bank"}}

var testHosts = map[string]string{
	"acmebank.test":        webtest.Brand,
	"acmebank-clone.test":  webtest.Clone,
	"acmebnk.test":         webtest.Kit,
	"acmebank-sale.test":   webtest.Parked,
	"acmebank-deals.test":  webtest.Affiliate,
	"acmebakery.test":      webtest.Unrelated,
	"acmebank-slow.test":   webtest.Hang,
	"acmebank-big.test":    webtest.Big,
	"acmebank-go.test":     webtest.PrivateRedirect,
	"acmebank-secure.test": webtest.Unrelated, // certificate from a CA nobody trusts
	"acmebank-intra.test":  redirectIntranet,
}

// redirectIntranet redirects to a name whose DNS answer is private.
const redirectIntranet = "redirect-intranet"

// untrusted are the hosts whose certificate comes from the second CA.
var untrusted = map[string]bool{"acmebank-secure.test": true}

// testNet serves every test host over HTTP and HTTPS on two loopback ports,
// choosing the case by Host, and resolves the hosts to 127.0.0.1.
type testNet struct {
	ca         *webtest.CA
	http, tls  *httptest.Server
	httpPort   string
	tlsPort    string
	privateFor map[string]netip.Addr // names whose DNS answer is a private address
}

func newTestNet(t *testing.T) *testNet {
	t.Helper()
	ca, err := webtest.NewCA("Lookalike Test CA")
	if err != nil {
		t.Fatal(err)
	}
	other, err := webtest.NewCA("Nobody Trusts Me CA")
	if err != nil {
		t.Fatal(err)
	}
	handlers := webtest.Handlers("Acme Bank", testBrand.Domain)
	handlers[redirectIntranet] = http.RedirectHandler("http://intranet.acmebank-go.test/admin", http.StatusMovedPermanently)
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.TrimPrefix(hostOnly(r.Host), "www.")
		c, ok := testHosts[host]
		if !ok {
			http.NotFound(w, r)
			return
		}
		handlers[c].ServeHTTP(w, r)
	})
	n := &testNet{ca: ca, privateFor: map[string]netip.Addr{
		"intranet.acmebank-go.test": netip.MustParseAddr("192.168.7.7"),
	}}
	n.http = httptest.NewServer(mux)
	t.Cleanup(n.http.Close)
	n.tls = httptest.NewUnstartedServer(mux)
	var trusted, others []string
	for h := range testHosts {
		if untrusted[h] {
			others = append(others, h)
		} else {
			trusted = append(trusted, h)
		}
	}
	cfg, err := ca.ServerConfig(trusted...)
	if err != nil {
		t.Fatal(err)
	}
	ocfg, err := other.ServerConfig(others...)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Certificates = append(cfg.Certificates, ocfg.Certificates...)
	n.tls.TLS = cfg
	n.tls.StartTLS()
	t.Cleanup(n.tls.Close)
	_, n.httpPort, _ = net.SplitHostPort(n.http.Listener.Addr().String())
	_, n.tlsPort, _ = net.SplitHostPort(n.tls.Listener.Addr().String())
	return n
}

func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return hostport
}

func (n *testNet) lookup(_ context.Context, host string) ([]netip.Addr, error) {
	if ip, ok := n.privateFor[host]; ok {
		return []netip.Addr{ip}, nil
	}
	if _, ok := testHosts[strings.TrimPrefix(host, "www.")]; ok {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	return nil, fmt.Errorf("no such host %s", host)
}

func (n *testNet) mapPort(_, port string) string {
	switch port {
	case "80":
		return n.httpPort
	case "443":
		return n.tlsPort
	}
	return port
}

// options are the fetcher's options on the test net: loopback allowed (and
// nothing else private), the test CA trusted.
func (n *testNet) options() Options {
	return Options{
		Timeout: 5e9,
		MaxBody: 1 << 20,
		Allow:   []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Lookup:  n.lookup,
		MapPort: n.mapPort,
		RootCAs: n.ca.Pool,
		PerHost: -1,
	}
}
