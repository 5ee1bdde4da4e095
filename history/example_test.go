package history_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/lookalike/lookalike/history"
)

// A nightly job: take the lock, record the run, and compare it with the last
// complete one.
func Example() {
	dir, _ := os.MkdirTemp("", "lookalike")
	defer os.RemoveAll(dir)
	state := filepath.Join(dir, "state.db")

	unlock, err := history.Lock(state)
	if err != nil {
		log.Fatal(err) // errors.Is(err, history.ErrLocked): another run is going
	}
	defer unlock()
	store, err := history.Open(state)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	nights := [][]history.Observation{
		{{Brand: "example.fr", Domain: "example-refund.fr", Status: "unregistered", Verdict: "defend"}},
		{{Brand: "example.fr", Domain: "example-refund.fr", Status: "registered", Verdict: "third-party",
			MX: []string{"mx.attacker.example"}, Mail: true}},
	}
	for _, obs := range nights {
		run, err := store.BeginRun([]string{"example.fr"}, "scan example.fr")
		if err != nil {
			log.Fatal(err)
		}
		if err := run.Add(obs...); err != nil {
			log.Fatal(err)
		}
		if err := run.Finish(run.Counts()); err != nil {
			log.Fatal(err)
		}
		changes, err := store.Changes("example.fr", run.ID, 0)
		if errors.Is(err, history.ErrNoBaseline) {
			fmt.Println("first run: baseline recorded")
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		for _, c := range changes {
			fmt.Println(c.Kind, c.Domain, c.Verdict, c.MX)
		}
		fmt.Println("alert:", history.Alerting(changes))
	}
	// Output:
	// first run: baseline recorded
	// newly-registered example-refund.fr third-party [mx.attacker.example]
	// alert: true
}

func ExampleCompare() {
	before := history.Observation{Brand: "example.fr", Domain: "exarnple.fr", Status: "registered",
		Verdict: "third-party", A: []string{"192.0.2.1"}}
	after := before
	after.MX = []string{"mail.exarnple.fr"}
	for _, c := range history.Compare(&before, after) {
		fmt.Println(c.Kind, c.Field, c.Before, "->", c.After)
	}
	// Output:
	// gained-mx mx [] -> [mail.exarnple.fr]
}
