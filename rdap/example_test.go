package rdap_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/resolve"
)

func ExampleBootstrap_ServerFor() {
	b := rdap.DefaultBootstrap()
	for _, name := range []string{"examp1e.com", "example.org", "example.de"} {
		base, ok := b.ServerFor(name)
		fmt.Println(name, base, ok)
	}
	// Output:
	// examp1e.com https://rdap.verisign.com/com/v1/ true
	// example.org https://rdap.publicinterestregistry.org/rdap/ true
	// example.de  false
}

func ExampleLoadBootstrap() {
	// A refreshed copy of https://data.iana.org/rdap/dns.json, or a private
	// mirror, replaces the embedded snapshot (--rdap-bootstrap FILE).
	b, err := rdap.LoadBootstrap(strings.NewReader(`{
		"publication": "2026-07-01T00:00:00Z",
		"services": [[["test"], ["https://rdap.registry.test/v1"]]]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	base, _ := b.ServerFor("brand.test")
	fmt.Println(b.Publication, base)
	// Output: 2026-07-01T00:00:00Z https://rdap.registry.test/v1/
}

func ExampleClient_Lookup() {
	// A registry on loopback that knows one name and holds it.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/domain/examp1e.test" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rdap+json")
		fmt.Fprint(w, `{"objectClassName": "domain", "ldhName": "EXAMP1E.TEST",
			"status": ["server hold"],
			"entities": [{"roles": ["registrar"], "vcardArray": ["vcard", [["fn", {}, "text", "Some Registrar"]]]}],
			"events": [{"eventAction": "registration", "eventDate": "2026-06-01T00:00:00Z"}]}`)
	}))
	defer srv.Close()
	boot, err := rdap.LoadBootstrap(strings.NewReader(`{"services": [[["test"], ["` + srv.URL + `/"]]]}`))
	if err != nil {
		fmt.Println(err)
		return
	}

	c := rdap.New(rdap.Options{Bootstrap: boot})
	for _, name := range []string{"examp1e.test", "exampie.test", "example.zz"} {
		a := c.Lookup(context.Background(), name)
		line := fmt.Sprintf("%s: %s", name, a.Outcome)
		if r := a.RDAP(); r != nil {
			line += fmt.Sprintf(", registrar %q, created %s", r.Registrar, r.Created)
		}
		fmt.Println(line)
	}
	// Output:
	// examp1e.test: hold, registrar "Some Registrar", created 2026-06-01T00:00:00Z
	// exampie.test: not-found
	// example.zz: no-server
}

func ExampleConfirm() {
	// DNS said NXDOMAIN; what the registry says decides the verdict.
	for _, o := range []rdap.Outcome{rdap.NotFound, rdap.Hold, rdap.Found, rdap.Throttled} {
		status, reason := rdap.Confirm(resolve.Unregistered, rdap.Answer{Outcome: o})
		if reason == "" {
			reason = "(DNS reason kept)"
		}
		fmt.Printf("%-9s -> %s, %s\n", o, status, reason)
	}
	// Output:
	// not-found -> unregistered, (DNS reason kept)
	// hold      -> registered, rdap-hold
	// found     -> unknown, rdap-disagrees
	// throttled -> unknown, rdap-throttled
}
