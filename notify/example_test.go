package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/notify"
)

func ExampleWebhook() {
	// A stand-in for a Slack or Teams incoming webhook.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p notify.Payload
		json.NewDecoder(r.Body).Decode(&p)
		fmt.Printf("alert=%v changes=%d\n%s", p.Alert, len(p.Changes), p.Text)
	}))
	defer srv.Close()

	changes := []history.Change{{Brand: "example.fr", Domain: "example-refund.fr", Kind: history.NewlyRegistered,
		Verdict: "third-party", Risk: 88, MX: []string{"mx.attacker.example"}}}
	if err := notify.Webhook(context.Background(), srv.URL+"/services/SECRET", notify.NewMessage(changes)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// alert=true changes=1
	// lookalike: 1 change for example.fr (1 newly-registered)
	//
	// newly-registered  example-refund.fr  third-party  risk 88  mx mx.attacker.example
}
