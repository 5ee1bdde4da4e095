package history_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/shard"
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

// Three shard processes of one night (here, one after the other in one
// process): each locks and begins its shard of the run "2026-12-02"; only the
// one whose Finish completes the run computes the diff and notifies.
func ExampleDB_BeginShard() {
	dir, _ := os.MkdirTemp("", "lookalike")
	defer os.RemoveAll(dir)
	store, err := history.OpenURL(context.Background(), filepath.Join(dir, "state.db"), history.OpenOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	names := []string{"example-login.fr", "exarnple.fr", "example-refund.fr"}
	for i := range 3 {
		unlock, err := store.LockShard("2026-12-02", i, 3)
		if err != nil {
			log.Fatal(err) // errors.Is(err, history.ErrLocked): this shard runs elsewhere
		}
		run, err := store.BeginShard("2026-12-02", i, 3, []string{"example.fr"}, "scan --shards 3")
		if err != nil {
			log.Fatal(err)
		}
		for _, n := range names {
			if shard.Of(n, 3) == i {
				run.Add(history.Observation{Brand: "example.fr", Domain: n, Status: "unregistered", Verdict: "defend"})
			}
		}
		if err := run.Finish(run.Counts()); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("shard %d/3 completed the run: %v\n", i, run.Completed())
		unlock()
	}
	runs, _ := store.Runs("example.fr")
	fmt.Println("complete:", runs[0].Complete, "names:", runs[0].Counts.Names)
	// Output:
	// shard 0/3 completed the run: false
	// shard 1/3 completed the run: false
	// shard 2/3 completed the run: true
	// complete: true names: 3
}

// A webhook that was down: the changes stay pending until delivered, and the
// next run (or lookalike notify) sends them.
func ExampleDB_PendingNotifications() {
	dir, _ := os.MkdirTemp("", "lookalike")
	defer os.RemoveAll(dir)
	store, err := history.Open(filepath.Join(dir, "state.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	changes := []history.Change{{Brand: "example.fr", Domain: "example-refund.fr", Kind: history.NewlyRegistered}}
	id, _ := store.AddNotification(1, changes)
	send := func(n history.Notification) error { return errors.New("webhook: 503") }
	for _, n := range must(store.PendingNotifications()) {
		if err := send(n); err != nil {
			fmt.Println("kept:", n.Changes[0].Domain, err)
		}
	}
	// Tomorrow the webhook is back.
	for _, n := range must(store.PendingNotifications()) {
		fmt.Println("sent:", n.Changes[0].Domain)
		store.MarkDelivered(n.ID)
	}
	fmt.Println("pending:", len(must(store.PendingNotifications())), "id was", id)
	// Output:
	// kept: example-refund.fr webhook: 503
	// sent: example-refund.fr
	// pending: 0 id was 1
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}
