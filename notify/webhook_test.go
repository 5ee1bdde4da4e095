package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lookalike/lookalike/history"
)

// fast makes retries wait a millisecond for the length of a test.
func fast(t *testing.T) {
	old := backoff
	backoff = time.Millisecond
	t.Cleanup(func() { backoff = old })
}

var sample = []history.Change{
	{Brand: "brand.fr", Domain: "brand-refund.fr", Kind: history.NewlyRegistered, Field: "status",
		Before: []string{"unregistered"}, After: []string{"registered"}, Verdict: "third-party", Risk: 90,
		Mail: true, MX: []string{"mx.evil.example"}, Run: 2, BeforeRun: 1},
	{Brand: "brand.fr", Domain: "brand.net", Kind: history.Dropped, Field: "status",
		Before: []string{"registered"}, After: []string{"unregistered"}, Verdict: "defend", Risk: 60, Run: 2, BeforeRun: 1},
}

func TestWebhook(t *testing.T) {
	// Each case answers with these statuses in turn, the last one forever.
	tests := []struct {
		name      string
		statuses  []int
		header    http.Header
		wantTries int32
		wantErr   string // "" for success
	}{
		{"accepted", []int{200}, nil, 1, ""},
		{"accepted with 204", []int{204}, nil, 1, ""},
		{"server error then accepted", []int{500, 200}, nil, 2, ""},
		{"rate limited with Retry-After then accepted", []int{429, 200}, http.Header{"Retry-After": {"0"}}, 2, ""},
		{"server down for good", []int{503}, nil, 3, "HTTP 503"},
		{"gone: no retry", []int{404}, nil, 1, "HTTP 404"},
		{"bad request: no retry", []int{400}, nil, 1, "HTTP 400"},
		{"redirect is not followed", []int{302}, http.Header{"Location": {"/elsewhere"}}, 1, "redirect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast(t)
			var n atomic.Int32
			var got Payload
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("got %s with Content-Type %q", r.Method, r.Header.Get("Content-Type"))
				}
				body, _ := io.ReadAll(r.Body)
				if err := json.Unmarshal(body, &got); err != nil {
					t.Errorf("payload is not JSON: %v", err)
				}
				for k, v := range tt.header {
					w.Header()[k] = v
				}
				w.WriteHeader(tt.statuses[min(i, len(tt.statuses)-1)])
				io.WriteString(w, "answer\x1b[31m")
			}))
			defer srv.Close()
			secret := srv.URL + "/services/T000/B000/SECRET"
			err := Webhook(context.Background(), secret, NewMessage(sample))
			if n.Load() != tt.wantTries {
				t.Errorf("%d tries, want %d", n.Load(), tt.wantTries)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(got.Text, "brand-refund.fr") || len(got.Changes) != 2 || !got.Alert {
					t.Errorf("payload: %+v", got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to say %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error leaks the webhook path: %v", err)
			}
			if strings.Contains(err.Error(), "\x1b") {
				t.Errorf("error carries control characters from the server: %q", err)
			}
		})
	}
}

func TestWebhookUnreachable(t *testing.T) {
	fast(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/hook/SECRET"
	srv.Close() // nothing listens there any more
	err := Webhook(context.Background(), url, NewMessage(sample))
	if err == nil || !strings.Contains(err.Error(), "after 3 tries") {
		t.Fatalf("err = %v, want a failure after 3 tries", err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error leaks the webhook path: %v", err)
	}
}

func TestWebhookCancelled(t *testing.T) {
	backoff = time.Hour // only cancellation can end the wait
	t.Cleanup(func() { backoff = 2 * time.Second })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	err := Webhook(ctx, srv.URL, NewMessage(sample))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestWebhookBadURL(t *testing.T) {
	for _, u := range []string{"", "ftp://example.net/x", "hooks.example.net/x", "http://"} {
		if err := Webhook(context.Background(), u, Message{}); err == nil {
			t.Errorf("Webhook(%q) accepted", u)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://hooks.slack.com/services/T0/B0/XYZ", "https://hooks.slack.com/…"},
		{"https://example.net", "https://example.net"},
		{"https://example.net/", "https://example.net"},
		{"https://user:pw@example.net/?token=1", "https://example.net/…"},
		{"::nonsense", "(the configured URL)"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
