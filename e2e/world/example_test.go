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
