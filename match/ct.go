package match

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	ct "github.com/google/certificate-transparency-go"
	"github.com/lookalike/lookalike/names"
	"golang.org/x/time/rate"
)

// State keeps the next entry to read per CT log, so that each night
// continues where the last stopped. history or a file can implement it.
type State interface {
	// Position returns the next index to read from log (its URL); ok is
	// false when the log was never read.
	Position(log string) (next int64, ok bool, err error)
	// SetPosition records that every entry before next was read.
	SetPosition(log string, next int64) error
}

// MemoryState is a State in memory, for tests and one-off runs.
type MemoryState struct {
	mu  sync.Mutex
	pos map[string]int64
}

// Position implements State.
func (m *MemoryState) Position(log string) (int64, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.pos[log]
	return n, ok, nil
}

// SetPosition implements State.
func (m *MemoryState) SetPosition(log string, next int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pos == nil {
		m.pos = map[string]int64{}
	}
	m.pos[log] = next
	return nil
}

// CTOptions configure an RFC 6962 log client. The zero value of each field
// but URL is a polite default.
type CTOptions struct {
	URL    string       // the log's base URL, without /ct/v1/
	Client *http.Client // http.DefaultClient if nil
	State  State        // where the position is kept; none: start at From every run
	From   int64        // first index when State has no position (--ct-from)
	// Max is how many entries a run reads at most (0: up to the tree size
	// the log's signed tree head gives).
	Max int64
	// Batch is the entries asked per get-entries (256); logs may return fewer.
	Batch int
	// Rate is requests per second (2); Burst 1.
	Rate float64
	// Retries after a 429, a 5xx or a transport error (5), each after the
	// log's Retry-After or an exponential back-off from Backoff (1s),
	// never longer than MaxWait (5m).
	Retries int
	Backoff time.Duration
	MaxWait time.Duration
	// MaxBody caps every response read (32 MiB).
	MaxBody int64
}

// CT reads a Certificate Transparency log (RFC 6962 §4): get-sth, then
// get-entries in batches from the saved position, X.509 and precertificate
// entries alike. Each certificate's DNS names (subject CN and SANs, "*."
// dropped) are cut to their registrable domains and observed once per
// certificate. An entry that does not parse is junk with its index; the run
// goes on. The position is saved after each batch has been handed on.
func CT(o CTOptions) Source {
	if o.Client == nil {
		o.Client = http.DefaultClient
	}
	if o.Batch <= 0 {
		o.Batch = 256
	}
	if o.Rate <= 0 {
		o.Rate = 2
	}
	if o.Retries <= 0 {
		o.Retries = 5
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 5 * time.Minute
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 32 << 20
	}
	o.URL = strings.TrimSuffix(o.URL, "/")
	return &ctLog{o: o, lim: rate.NewLimiter(rate.Limit(o.Rate), 1)}
}

type ctLog struct {
	o   CTOptions
	lim *rate.Limiter
}

func (c *ctLog) Name() string { return "ct:" + c.o.URL }
func (c *ctLog) Kind() string { return "ct" }

// ErrCTStatus wraps an HTTP status a log answered with that retries did not cure.
var ErrCTStatus = errors.New("ct log: unexpected HTTP status")

func (c *ctLog) Read(ctx context.Context, emit func(Observed) error, junk func(Junk)) error {
	var sth ct.GetSTHResponse
	if err := c.get(ctx, "/ct/v1/get-sth", &sth); err != nil {
		return fmt.Errorf("ct log %s: get-sth: %w", c.o.URL, err)
	}
	next := c.o.From
	if c.o.State != nil {
		p, ok, err := c.o.State.Position(c.o.URL)
		if err != nil {
			return fmt.Errorf("ct log %s: read position: %w", c.o.URL, err)
		}
		if ok {
			next = p
		}
	}
	end := int64(sth.TreeSize)
	if c.o.Max > 0 && next+c.o.Max < end {
		end = next + c.o.Max
	}
	for next < end {
		last := min(next+int64(c.o.Batch), end) - 1
		var resp ct.GetEntriesResponse
		q := url.Values{"start": {strconv.FormatInt(next, 10)}, "end": {strconv.FormatInt(last, 10)}}
		if err := c.get(ctx, "/ct/v1/get-entries?"+q.Encode(), &resp); err != nil {
			return fmt.Errorf("ct log %s: get-entries %d-%d: %w", c.o.URL, next, last, err)
		}
		if len(resp.Entries) == 0 {
			return fmt.Errorf("ct log %s: get-entries %d-%d: no entries below the tree size %d", c.o.URL, next, last, end)
		}
		if int64(len(resp.Entries)) > last-next+1 {
			resp.Entries = resp.Entries[:last-next+1]
		}
		for i := range resp.Entries {
			idx := next + int64(i)
			doms, why := entryNames(idx, &resp.Entries[i])
			if why != "" {
				junk(Junk{c.Name(), idx, "", why})
				continue
			}
			for _, d := range doms {
				if err := emit(Observed{Domain: d, Pos: idx}); err != nil {
					return err
				}
			}
		}
		next += int64(len(resp.Entries))
		if c.o.State != nil {
			if err := c.o.State.SetPosition(c.o.URL, next); err != nil {
				return fmt.Errorf("ct log %s: save position %d: %w", c.o.URL, next, err)
			}
		}
	}
	return nil
}

// entryNames parses one log entry and returns the registrable domains of
// its certificate's DNS names, each once, or why the entry was skipped.
func entryNames(idx int64, le *ct.LeafEntry) ([]string, string) {
	e, err := ct.LogEntryFromLeaf(idx, le)
	if e == nil {
		return nil, fmt.Sprintf("entry does not parse: %v", err)
	}
	var cn string
	var sans []string
	switch {
	case e.X509Cert != nil:
		cn, sans = e.X509Cert.Subject.CommonName, e.X509Cert.DNSNames
	case e.Precert != nil && e.Precert.TBSCertificate != nil:
		cn, sans = e.Precert.TBSCertificate.Subject.CommonName, e.Precert.TBSCertificate.DNSNames
	default:
		return nil, "entry holds no certificate"
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range append([]string{cn}, sans...) {
		a, ok := names.ToASCII(strings.TrimPrefix(n, "*."))
		if !ok {
			continue // a CN that is no name (an organisation), an IP address
		}
		reg, _, ok := names.Registrable(a)
		if !ok || seen[reg] {
			continue
		}
		seen[reg] = true
		// The full name, so that brand.com-secure.xyz is read as written;
		// the matcher cuts it again.
		out = append(out, a)
	}
	return out, ""
}

// get fetches path from the log as JSON into v: rate-limited, its body
// capped, retried with back-off on 429, 5xx and transport errors.
func (c *ctLog) get(ctx context.Context, path string, v any) error {
	var last error
	for attempt := 0; ; attempt++ {
		if err := c.lim.Wait(ctx); err != nil {
			return err
		}
		wait, err := c.try(ctx, path, v)
		if err == nil {
			return nil
		}
		last = err
		if wait < 0 || attempt >= c.o.Retries {
			return last
		}
		if wait == 0 {
			wait = c.o.Backoff << uint(min(attempt, 16))
		}
		wait = min(wait, c.o.MaxWait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// try makes one request. wait < 0: do not retry; 0: back off; > 0: the
// log's Retry-After.
func (c *ctLog) try(ctx context.Context, path string, v any) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.o.URL+path, nil)
	if err != nil {
		return -1, err
	}
	req.Header.Set("User-Agent", "lookalike-match (RFC 6962 client)")
	resp, err := c.o.Client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return -1, ctx.Err()
		}
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.o.MaxBody+1))
	if err != nil {
		return 0, err
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return retryAfter(resp.Header.Get("Retry-After")), fmt.Errorf("%w %s", ErrCTStatus, resp.Status)
	case resp.StatusCode != http.StatusOK:
		return -1, fmt.Errorf("%w %s", ErrCTStatus, resp.Status)
	case int64(len(body)) > c.o.MaxBody:
		return -1, fmt.Errorf("response larger than %d bytes", c.o.MaxBody)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return -1, fmt.Errorf("response is not the JSON RFC 6962 §4 describes: %w", err)
	}
	return 0, nil
}

// retryAfter reads a Retry-After header (seconds or an HTTP date); 0 when
// absent or unreadable.
func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return max(time.Duration(s)*time.Second, time.Millisecond)
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), time.Millisecond)
	}
	return 0
}
