package web

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBody      = 2 << 20
	DefaultMaxRedirects = 5
	DefaultConcurrency  = 16
	DefaultPerHost      = 4 // connections per second to one address, in bursts of as many
	maxHeaderBytes      = 64 << 10
)

// DefaultUserAgent names the tool and where a site owner reads what it is.
const DefaultUserAgent = "lookalike (brand-protection scan; +https://github.com/lookalike/lookalike)"

// Options tune a Fetcher. The zero value is ready: bounded, polite, and
// refusing private addresses.
type Options struct {
	// Timeout bounds one URL, redirects and body included (DefaultTimeout).
	Timeout time.Duration
	// MaxBody is the most of a body read (DefaultMaxBody); the rest is
	// dropped and Page.Truncated set.
	MaxBody int64
	// MaxRedirects is the most redirects followed (DefaultMaxRedirects; at
	// most 5 whatever is asked: a chain longer than that is a dodge).
	MaxRedirects int
	// Concurrency bounds the requests in flight (DefaultConcurrency).
	Concurrency int
	// PerHost is the connections per second to one server address, with
	// bursts of as many (DefaultPerHost, so that the four URLs of a name go
	// at once; negative: no limit). Parked names share a few parking
	// servers: a scan of many of them is paced by this.
	PerHost float64
	// UserAgent defaults to DefaultUserAgent.
	UserAgent string
	// AllowPrivate, Allow, Lookup and MapPort are the Dialer's.
	AllowPrivate bool
	Allow        []netip.Prefix
	Lookup       Lookup
	MapPort      func(host, port string) string
	// RootCAs validates certificates; nil means the system's roots.
	RootCAs *x509.CertPool
	// Now dates certificate validation; nil means time.Now.
	Now func() time.Time
}

// Fetcher fetches the pages of names. It is safe for concurrent use.
type Fetcher struct {
	opt    Options
	dialer *Dialer
	tr     *http.Transport
	sem    chan struct{}
}

// New returns a Fetcher for o, its zero fields set to the defaults.
func New(o Options) *Fetcher {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.MaxRedirects <= 0 || o.MaxRedirects > DefaultMaxRedirects {
		o.MaxRedirects = DefaultMaxRedirects
	}
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.PerHost == 0 {
		o.PerHost = DefaultPerHost
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	d := &Dialer{
		Lookup:       o.Lookup,
		AllowPrivate: o.AllowPrivate,
		Allow:        o.Allow,
		MapPort:      o.MapPort,
		Timeout:      o.Timeout,
		PerHost:      max(o.PerHost, 0),
	}
	tr := &http.Transport{
		Proxy:       nil, // never an environment proxy: the dialer's checks must see the real peer
		DialContext: d.DialContext,
		// Verification is done afterwards against RootCAs, so that a
		// phishing site with a self-signed certificate is still seen and its
		// certificate recorded as not validating.
		TLSClientConfig:        &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10}, //nolint:gosec // verified in certOf
		TLSHandshakeTimeout:    o.Timeout,
		ResponseHeaderTimeout:  o.Timeout,
		DisableKeepAlives:      true, // every request dials, so every request is checked and rate-limited
		DisableCompression:     false,
		MaxResponseHeaderBytes: maxHeaderBytes,
		ForceAttemptHTTP2:      true,
	}
	return &Fetcher{opt: o, dialer: d, tr: tr, sem: make(chan struct{}, o.Concurrency)}
}

// Dialer is the fetcher's guarded dialer, for other readers of the same
// hosts (the SMTP banner, the screenshot proxy) to share its policy and rate.
func (f *Fetcher) Dialer() *Dialer { return f.dialer }

// Close releases idle resources.
func (f *Fetcher) Close() { f.tr.CloseIdleConnections() }

// URLs are the addresses Fetch tries for a name, in the order a Site lists
// them.
func URLs(name string) []string {
	return []string{"https://" + name + "/", "http://" + name + "/", "https://www." + name + "/", "http://www." + name + "/"}
}

// Fetch fetches every URL of name (URLs) and judges each page against brand.
// Failures are recorded in the pages, never returned: an unreachable site is
// a finding, not an error.
func (f *Fetcher) Fetch(ctx context.Context, name string, brand Brand) *Site {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	urls := URLs(name)
	s := &Site{Name: name, Pages: make([]Page, len(urls))}
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() { s.Pages[i] = f.FetchURL(ctx, u, brand) })
	}
	wg.Wait()
	return s
}

// FetchURL fetches one URL, following at most Options.MaxRedirects
// redirects, and extracts what the page shows.
func (f *Fetcher) FetchURL(ctx context.Context, rawURL string, brand Brand) Page {
	p := Page{URL: rawURL}
	select {
	case f.sem <- struct{}{}:
		defer func() { <-f.sem }()
	case <-ctx.Done():
		p.setErr(ctx.Err())
		return p
	}
	ctx, cancel := context.WithTimeout(ctx, f.opt.Timeout)
	defer cancel()

	var firstTLS *tls.ConnectionState
	var firstHost string
	client := &http.Client{
		Transport: f.tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			prev := req.Response
			p.Redirects = append(p.Redirects, Hop{URL: cleanURL(prev.Request.URL), Status: prev.StatusCode})
			if firstTLS == nil && prev.TLS != nil {
				firstTLS, firstHost = prev.TLS, prev.Request.URL.Hostname()
			}
			if len(via) > f.opt.MaxRedirects {
				return fmt.Errorf("%w: more than %d", errTooManyRedirects, f.opt.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: only http and https are followed", req.URL.Scheme)
			}
			req.Header.Set("User-Agent", f.opt.UserAgent)
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		p.setErr(err)
		return p
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		// The chain so far stays: a redirect to a forbidden address is
		// itself evidence of where the site sends its visitors.
		var ue *url.Error
		if errors.As(err, &ue) && len(p.Redirects) > 0 {
			if u, perr := url.Parse(ue.URL); perr == nil {
				p.FinalURL = cleanURL(u)
			}
		}
		p.setErr(err)
		if firstTLS != nil {
			p.TLS = f.certOf(firstTLS, firstHost, brand)
		}
		return p
	}
	defer resp.Body.Close()
	p.FinalURL = cleanURL(resp.Request.URL)
	p.Status = resp.StatusCode
	p.Server = clip(Clean(resp.Header.Get("Server")), 200)
	p.ContentType = clip(Clean(resp.Header.Get("Content-Type")), 200)
	switch {
	case firstTLS != nil:
		p.TLS = f.certOf(firstTLS, firstHost, brand)
	case resp.TLS != nil:
		p.TLS = f.certOf(resp.TLS, resp.Request.URL.Hostname(), brand)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.opt.MaxBody+1))
	if int64(len(body)) > f.opt.MaxBody {
		body = body[:f.opt.MaxBody]
		p.Truncated = true
	}
	p.Bytes = int64(len(body))
	if err != nil && !p.Truncated {
		p.setErr(fmt.Errorf("read body: %w", err))
	}
	if isHTML(p.ContentType, body) {
		p.analyse(body, brand)
	}
	return p
}

var errTooManyRedirects = errors.New("too many redirects")

func (p *Page) setErr(err error) {
	p.Error = clip(Clean(err.Error()), 300)
	p.Reason = reasonOf(err)
}

// reasonOf sorts an error into a short stable word for the record.
func reasonOf(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, ErrForbidden):
		return "forbidden"
	case errors.Is(err, errTooManyRedirects):
		return "too-many-redirects"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case strings.Contains(err.Error(), "connection refused"):
		return "refused"
	case strings.Contains(err.Error(), "look up"), strings.Contains(err.Error(), "no such host"):
		return "no-address"
	case strings.Contains(err.Error(), "tls:"), strings.Contains(err.Error(), "handshake"):
		return "tls"
	}
	return "error"
}

func isHTML(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "html") {
		return true
	}
	if ct != "" && !strings.HasPrefix(ct, "text/plain") {
		return false
	}
	return strings.HasPrefix(http.DetectContentType(body), "text/html")
}

// cleanURL is u as text, without user info (a redirect may carry
// credentials) and stripped of control characters, capped.
func cleanURL(u *url.URL) string {
	c := *u
	c.User = nil
	return clip(Clean(c.String()), 2000)
}

// clip cuts s to at most n bytes at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xc0 != 0x80 }
