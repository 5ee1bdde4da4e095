package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lookalike/lookalike/history"
)

// Payload is the JSON a webhook receives. Slack and Teams incoming webhooks
// show text and ignore the rest; other receivers get the changes as data.
type Payload struct {
	Text    string           `json:"text"`
	Alert   bool             `json:"alert"`
	Changes []history.Change `json:"changes"`
}

// attemptTimeout bounds one POST, connection to last byte.
const attemptTimeout = 20 * time.Second

// Webhook POSTs m as JSON to rawURL, retrying network errors, 429 and 5xx
// answers a few times with backoff (honouring Retry-After). Redirects are not
// followed: a webhook that moved must be configured at its new address. Error
// messages show the URL without its path, which holds the secret of Slack and
// Teams webhooks.
func Webhook(ctx context.Context, rawURL string, m Message) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("notify webhook %s: want an http or https URL", redact(rawURL))
	}
	changes := m.Changes
	if changes == nil {
		changes = []history.Change{}
	}
	body, err := json.Marshal(Payload{Text: m.Text, Alert: m.Alert, Changes: changes})
	if err != nil {
		return fmt.Errorf("notify webhook: %w", err)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxResponseHeaderBytes = maxHeaderBytes
	defer transport.CloseIdleConnections()
	client := &http.Client{
		Transport: transport,
		Timeout:   attemptTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	err = retry(ctx, func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
		if err != nil {
			return permanent(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "lookalike")
		resp, err := client.Do(req)
		if err != nil {
			// url.Error repeats the URL; keep the secret out of logs.
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return fmt.Errorf("POST failed: %w", err)
		}
		defer resp.Body.Close()
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // lets the connection be reused
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return nil
		}
		err = fmt.Errorf("HTTP %s: %s", clean(resp.Status), clean(strings.TrimSpace(string(snippet))))
		switch {
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
			return retryAfterError{err, retryAfter(resp.Header.Get("Retry-After"))}
		case resp.StatusCode >= 300 && resp.StatusCode < 400:
			return permanent(fmt.Errorf("%w (redirect to %s: configure the webhook's final URL)", err, redact(resp.Header.Get("Location"))))
		default:
			return permanent(fmt.Errorf("%w (check the webhook URL and that the webhook still exists)", err))
		}
	})
	if err != nil {
		return fmt.Errorf("notify webhook %s: %w", redact(rawURL), err)
	}
	return nil
}

// retryAfter reads a Retry-After header in seconds (RFC 9110 §10.2.3); the
// HTTP-date form falls back to the normal backoff.
func retryAfter(v string) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}

// redact keeps scheme and host of a URL: the path and query of a chat
// webhook are its password.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(the configured URL)"
	}
	s := u.Scheme + "://" + u.Host
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" {
		s += "/…"
	}
	return s
}
