package world_test

import (
	"context"
	"fmt"
	"log"

	"github.com/lookalike/lookalike/e2e/world"
)

// A test starts a world, points the scanner at its resolvers and checks the
// results against the manifest.
func ExampleStart() {
	w, err := world.Start(context.Background(), world.Default())
	if err != nil {
		log.Fatal(err)
	}
	defer w.Stop()
	fmt.Println("authoritative:", w.NSD(), "recursive:", w.Unbound())
	for _, e := range w.Manifest().Entries {
		fmt.Println(e.Domain, e.Registered, e.Kind)
	}
}

// The manifest of the default world says what a correct scan must find.
func ExampleDefault() {
	spec := world.Default()
	kinds := map[world.Kind]int{}
	for _, n := range spec.Registered {
		kinds[n.Kind]++
	}
	fmt.Println(len(spec.Brands), "brands,", len(spec.Registered), "registered lookalikes,", len(spec.Unregistered), "unregistered")
	fmt.Println("lame:", kinds[world.Lame], "silent:", kinds[world.Silent], "parked:", kinds[world.Parked], "owned:", kinds[world.Owned])
	// Output:
	// 3 brands, 20 registered lookalikes, 14 unregistered
	// lame: 2 silent: 2 parked: 2 owned: 3
}

// A brand's mail set-up, for an audit of its DNS: SPF and DMARC in TXT, a
// second MX. Records go into zones the world hosts, and the spec says when
// one cannot.
func ExampleRecord() {
	spec := world.Spec{
		Brands:       []string{"acmebank.com"},
		Unregistered: []string{"acmebank-mailer.com"},
		Records: []world.Record{
			{Owner: "acmebank.com", Type: "TXT", Data: `"v=spf1 include:_spf.acmebank-mailer.com -all"`},
			{Owner: "_dmarc.acmebank.com", Type: "TXT", Data: `"v=DMARC1; p=reject; rua=mailto:dmarc@acmebank.com"`},
			{Owner: "acmebank.com", Type: "MX", Data: "20 mx.acmebank-mailer.com"},
		},
	}
	fmt.Println(spec.Validate())
	spec.Records = append(spec.Records, world.Record{Owner: "_spf.acmebank-mailer.com", Type: "TXT", Data: `"v=spf1 -all"`})
	fmt.Println(spec.Validate())
	// Output:
	// <nil>
	// bad world spec: record _spf.acmebank-mailer.com TXT lies in no zone the world hosts: put it at or beneath a brand or a registered name that is not lame or silent
}
