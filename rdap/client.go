package rdap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lookalike/lookalike/names"
	"golang.org/x/time/rate"
)

// Defaults for the zero Options.
const (
	DefaultTimeout      = 15 * time.Second
	DefaultMaxBody      = 1 << 20 // 1 MiB; a domain object is a few KB
	DefaultPerHostRate  = 1.0     // requests per second per RDAP host
	DefaultMaxRetries   = 2
	DefaultMaxRetryWait = 60 * time.Second
	DefaultUserAgent    = "lookalike (RDAP client; +https://github.com/lookalike/lookalike)"
)

// Options configure a Client. The zero value is ready to use: the embedded
// bootstrap and the defaults above.
type Options struct {
	// Bootstrap maps TLDs to RDAP services; nil means DefaultBootstrap().
	Bootstrap *Bootstrap
	// HTTPClient sends the requests; nil means a client of its own. Its
	// redirects are limited to https (or loopback http) whatever it says.
	HTTPClient *http.Client
	UserAgent  string
	// Timeout bounds one request, body included.
	Timeout time.Duration
	// MaxBody is the largest response body read; a larger one is Failed.
	MaxBody int64
	// PerHostRate is the most requests per second sent to one RDAP host
	// (host:port), retries included. Registries throttle hard and some
	// block clients that do not slow down.
	PerHostRate float64
	// MaxRetries is how many times a 429 or 503 is retried; negative means
	// never.
	MaxRetries int
	// MaxRetryWait is the longest wait honoured from Retry-After (seconds or
	// an HTTP date, RFC 9110 section 10.2.3); a server asking for more is
	// given up on at once.
	MaxRetryWait time.Duration
}

// Client looks names up over RDAP. It is safe for concurrent use; all lookups
// share its per-host throttles, so one Client should serve a whole scan.
type Client struct {
	opts Options
	http *http.Client

	mu    sync.Mutex
	hosts map[string]*hostState
}

// hostState is one RDAP host's throttle. until holds every request to the host
// after it asked for a pause (429/503 with Retry-After), not only the request
// that was told.
type hostState struct {
	lim   *rate.Limiter
	mu    sync.Mutex
	until time.Time
}

// New makes a Client; see Options for the defaults.
func New(opts Options) *Client {
	if opts.Bootstrap == nil {
		opts.Bootstrap = DefaultBootstrap()
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.PerHostRate <= 0 {
		opts.PerHostRate = DefaultPerHostRate
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = DefaultMaxRetries
	} else if opts.MaxRetries < 0 {
		opts.MaxRetries = 0
	}
	if opts.MaxRetryWait <= 0 {
		opts.MaxRetryWait = DefaultMaxRetryWait
	}
	var hc http.Client
	if opts.HTTPClient != nil {
		hc = *opts.HTTPClient
	}
	if hc.Transport == nil {
		hc.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	// A registry's headers are a few hundred bytes; Go's default cap
	// (megabytes) would let a hostile server fill memory before the body cap
	// ever applies. A transport given with a cap of its own keeps it.
	if t, ok := hc.Transport.(*http.Transport); ok && t.MaxResponseHeaderBytes == 0 {
		t = t.Clone()
		t.MaxResponseHeaderBytes = maxHeaderBytes
		hc.Transport = t
	}
	// Timeouts come from the per-request context, so that a slow body is cut
	// off too; the redirect rule is ours, whatever client was given.
	hc.Timeout = 0
	hc.CheckRedirect = checkRedirect
	return &Client{opts: opts, http: &hc, hosts: make(map[string]*hostState)}
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("more than 5 redirects")
	}
	if !allowedURL(req.URL) {
		return fmt.Errorf("redirect to %s refused: only https, or http to a loopback address", req.URL.Redacted())
	}
	return nil
}

// allowedURL: RDAP answers are registration data an attacker would like to
// forge, so queries go over https; plain http only reaches loopback (tests and
// local mirrors).
func allowedURL(u *url.URL) bool {
	switch u.Scheme {
	case "https":
		return true
	case "http":
		return isLoopback(u.Hostname())
	}
	return false
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Lookup asks the RDAP service the bootstrap names for domain (a registrable
// domain, A-label or Unicode) and says what it established. It never returns
// NotFound without a 404 from that service, waits for the host's throttle and
// any Retry-After, and gives up with Failed when ctx ends.
func (c *Client) Lookup(ctx context.Context, domain string) Answer {
	name, ok := aLabel(domain)
	if !ok || !strings.Contains(name, ".") {
		return Answer{Outcome: Failed, Err: fmt.Sprintf("%q is not a registrable domain name", clean(domain))}
	}
	base, ok := c.opts.Bootstrap.ServerFor(name)
	if !ok {
		pub := ""
		if p := c.opts.Bootstrap.Publication; p != "" {
			pub = " of " + p
		}
		return Answer{Outcome: NoServer, Err: fmt.Sprintf("the RDAP bootstrap%s names no service for %s; --rdap-bootstrap takes a newer IANA dns.json", pub, tldOf(name))}
	}
	u, err := url.Parse(base + "domain/" + name)
	if err != nil {
		return Answer{Outcome: Failed, Server: base, Err: fmt.Sprintf("RDAP URL for %s: %v", name, err)}
	}
	if !allowedURL(u) {
		return Answer{Outcome: NoServer, Server: base, Err: fmt.Sprintf("the RDAP service for %s is plain http (%s); lookalike only sends RDAP queries over https", tldOf(name), base)}
	}
	host := c.host(u.Host)

	var last Answer
	for attempt := 0; ; attempt++ {
		if rest := host.paused(); rest > c.opts.MaxRetryWait {
			return Answer{Outcome: Throttled, Server: base, Code: last.Code,
				Err: fmt.Sprintf("the RDAP server asked lookalike to pause for %s more, longer than the %s cap", rest.Round(time.Second), c.opts.MaxRetryWait)}
		}
		if err := host.wait(ctx); err != nil {
			return Answer{Outcome: Failed, Server: base, Code: last.Code, Err: "cancelled while waiting for the RDAP host's rate limit or Retry-After: " + err.Error()}
		}
		a, wait := c.attempt(ctx, u, name)
		a.Server = base
		if wait < 0 {
			return a
		}
		// Retry-After speaks to the client, not to one request: every lookup
		// on this host waits, even when this one gives up.
		host.pause(wait)
		if wait > c.opts.MaxRetryWait {
			a.Err += fmt.Sprintf(" (server asked to wait %s, more than the %s cap)", wait, c.opts.MaxRetryWait)
			return a
		}
		if attempt == c.opts.MaxRetries {
			if attempt == 0 {
				a.Err += " (gave up after 1 attempt)"
			} else {
				a.Err += fmt.Sprintf(" (gave up after %d attempts)", attempt+1)
			}
			return a
		}
		last = a
	}
}

// reply is one RDAP request's answer before its object is read: on 200
// the body (within MaxBody) and Found; otherwise the outcome and why.
type reply struct {
	code    int
	url     string // the final URL, redacted
	body    []byte
	outcome Outcome
	err     string
}

// get sends one request. wait < 0 means the answer is final; otherwise the
// server asked to try again after wait (429, 503).
func (c *Client) get(ctx context.Context, u *url.URL) (reply, time.Duration) {
	rctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return reply{outcome: Failed, err: err.Error()}, -1
	}
	// RFC 7480 section 4.2: ask for RDAP JSON; plain JSON is a common answer.
	req.Header.Set("Accept", "application/rdap+json, application/json;q=0.9")
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{outcome: Failed, err: c.transportError(ctx, rctx, err)}, -1
	}
	defer resp.Body.Close()
	r := reply{code: resp.StatusCode, url: resp.Request.URL.Redacted(), outcome: Failed}
	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		if resp.ContentLength > c.opts.MaxBody {
			r.err = fmt.Sprintf("response of %d bytes is over the %d-byte limit", resp.ContentLength, c.opts.MaxBody)
			return r, -1
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBody+1))
		switch {
		case err != nil:
			r.err = "reading the RDAP response: " + c.transportError(ctx, rctx, err)
		case int64(len(body)) > c.opts.MaxBody:
			r.err = fmt.Sprintf("response is over the %d-byte limit", c.opts.MaxBody)
		default:
			r.body, r.outcome = body, Found
		}
		return r, -1
	case code == http.StatusNotFound:
		drain(resp.Body)
		r.outcome = NotFound
		return r, -1
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		drain(resp.Body)
		r.err = fmt.Sprintf("HTTP %d from the RDAP server", code)
		if code == http.StatusTooManyRequests {
			r.outcome = Throttled
		}
		wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		if !ok {
			wait = time.Second // RFC 7480 section 5.5 leaves the pause to the client
		}
		return r, wait
	default:
		drain(resp.Body)
		r.err = fmt.Sprintf("HTTP %d from the RDAP server", code)
		return r, -1
	}
}

// attempt asks for a domain's registration once (see get for wait).
func (c *Client) attempt(ctx context.Context, u *url.URL, name string) (Answer, time.Duration) {
	r, wait := c.get(ctx, u)
	a := Answer{Code: r.code, Outcome: r.outcome, Err: r.err}
	if r.outcome != Found {
		return a, wait
	}
	reg, err := parseDomain(r.body, name)
	if err != nil {
		a.Outcome, a.Err = Failed, err.Error()
		return a, -1
	}
	if isHold(reg.Status) {
		a.Outcome = Hold
	}
	a.Registrar, a.Created, a.Expires, a.Status = reg.Registrar, reg.Created, reg.Expires, reg.Status
	return a, -1
}

// transportError words a failed request: the caller's cancellation, our
// timeout, or the network's error.
func (c *Client) transportError(ctx, rctx context.Context, err error) string {
	switch {
	case ctx.Err() != nil:
		return "cancelled: " + ctx.Err().Error()
	case errors.Is(rctx.Err(), context.DeadlineExceeded):
		return fmt.Sprintf("timeout: no complete answer within %s", c.opts.Timeout)
	}
	return err.Error()
}

// drain reads a little of a body we do not use, so the connection can be
// reused, without reading an unbounded stream.
func drain(r io.Reader) { _, _ = io.Copy(io.Discard, io.LimitReader(r, 64<<10)) }

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date (RFC 9110
// section 10.2.3). A date in the past means no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

func (c *Client) host(key string) *hostState {
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.hosts[key]
	if !ok {
		h = &hostState{lim: rate.NewLimiter(rate.Limit(c.opts.PerHostRate), 1)}
		c.hosts[key] = h
	}
	return h
}

// paused says how long the host's pause still runs.
func (h *hostState) paused() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return time.Until(h.until)
}

// wait blocks until the host's pause is over and its rate allows one more
// request.
func (h *hostState) wait(ctx context.Context) error {
	if d := h.paused(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	return h.lim.Wait(ctx)
}

func (h *hostState) pause(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if t := time.Now().Add(d); t.After(h.until) {
		h.until = t
	}
}

func tldOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if u := names.ToUnicode(name); u != name {
		return "." + name + " (." + u + ")"
	}
	return "." + name
}

// maxHeaderBytes bounds the response headers read from an RDAP server.
const maxHeaderBytes = 64 << 10
