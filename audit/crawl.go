package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/lookalike/lookalike/permute"
)

// Crawl defaults, used where CrawlOptions leaves a zero.
const (
	DefaultDepth     = 2
	DefaultMaxPages  = 50
	DefaultMaxAssets = 200
	DefaultTimeout   = 10 * time.Second
	DefaultMaxBody   = 2 << 20
	// StartOnly as CrawlOptions.Depth fetches the start page (and its scripts)
	// and follows no link.
	StartOnly = -1
	// robotsMaxBody is the least a crawler must read of robots.txt (RFC 9309 §2.5).
	robotsMaxBody = 500 << 10
	maxRedirects  = 10
	agentToken    = "lookalike-audit"
)

// ErrDisallowed is wrapped by Crawl's error when robots.txt forbids the start page.
var ErrDisallowed = errors.New("disallowed by robots.txt")

// UserAgent is the header Crawl sends: the product token robots.txt groups
// match, the version, and where a site owner can read what the crawler is.
func UserAgent(version string) string {
	if version == "" {
		version = "dev"
	}
	return agentToken + "/" + version + " (+https://github.com/lookalike/lookalike)"
}

// CrawlOptions tune Crawl. The zero value is a polite crawl with the defaults.
type CrawlOptions struct {
	// Depth is how many links away from the start page pages are fetched:
	// 0 means DefaultDepth, StartOnly the start page alone.
	Depth int
	// MaxPages bounds the HTML pages fetched (0: DefaultMaxPages); MaxAssets
	// the scripts and JSON documents they link (0: DefaultMaxAssets).
	MaxPages, MaxAssets int
	// UserAgent defaults to UserAgent("dev"); robots.txt is matched on its
	// product token, "lookalike-audit", whatever the version.
	UserAgent string
	// IgnoreRobots skips robots.txt, for a site the caller owns.
	IgnoreRobots bool
	// Timeout bounds each request, redirects and body included (0: DefaultTimeout).
	Timeout time.Duration
	// MaxBody bounds the bytes read of each response (0: DefaultMaxBody); the
	// rest of a longer document is not read.
	MaxBody int64
	// Client sends the requests (nil: a plain client). Crawl uses a copy with
	// its own redirect policy.
	Client *http.Client
	// OnSkip, when set, hears of every document that could not be read after
	// the start page (HTTP errors, timeouts, robots.txt), so that the caller
	// can say what the audit did not see.
	OnSkip func(url string, err error)
}

func (o *CrawlOptions) defaults() {
	switch {
	case o.Depth == 0:
		o.Depth = DefaultDepth
	case o.Depth < 0:
		o.Depth = 0
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.MaxAssets <= 0 {
		o.MaxAssets = DefaultMaxAssets
	}
	if o.UserAgent == "" {
		o.UserAgent = UserAgent("")
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
}

// Crawl fetches start and the pages of the same site (same registrable domain,
// or the same host for an IP address) up to opt.Depth links away, breadth first
// and in sorted order at each depth, plus the same-site scripts and JSON those
// pages load, and returns what the extractors find in them, each Ref's Source
// being the page's URL. Redirects are followed within the site; every redirect
// is reported as a KindRedirect reference to its target. robots.txt is obeyed
// unless opt.IgnoreRobots: an unreachable robots.txt (5xx, network error)
// disallows the whole site, as RFC 9309 §2.3.1.4 asks.
//
// It fails when the start page cannot be read (ErrDisallowed when robots.txt
// forbids it); later failures go to opt.OnSkip. On cancellation it returns what
// it found so far with ctx's error.
func Crawl(ctx context.Context, start string, opt CrawlOptions) ([]Ref, error) {
	opt.defaults()
	su, err := parseStart(start)
	if err != nil {
		return nil, err
	}
	cr := &crawler{opt: opt, site: siteOf(su.Hostname()), robots: map[string]robots{}, seen: map[string]bool{}}
	cr.client = cr.newClient()

	level := []*url.URL{su}
	cr.seen[su.String()] = true
	pages, assets := 0, 0
	for depth := 0; depth <= opt.Depth && len(level) > 0; depth++ {
		var next, scripts, jsons []*url.URL
		for _, u := range level {
			if pages >= opt.MaxPages {
				break
			}
			if err := ctx.Err(); err != nil {
				return cr.c.refs, err
			}
			if !cr.allowed(ctx, u) {
				err := fmt.Errorf("%s: %w; pass --ignore-robots if the site is yours", u, ErrDisallowed)
				if pages == 0 && depth == 0 {
					return cr.c.refs, err
				}
				cr.skip(u, err)
				continue
			}
			pages++
			doc, err := cr.fetch(ctx, u)
			if err != nil {
				if depth == 0 {
					return cr.c.refs, err
				}
				cr.skip(u, err)
				continue
			}
			l := cr.extract(doc)
			next = append(next, l.pages...)
			scripts = append(scripts, l.scripts...)
			jsons = append(jsons, l.jsons...)
		}
		for _, a := range cr.fresh(scripts, jsons) {
			if assets >= opt.MaxAssets {
				break
			}
			if err := ctx.Err(); err != nil {
				return cr.c.refs, err
			}
			if !cr.allowed(ctx, a) {
				cr.skip(a, ErrDisallowed)
				continue
			}
			assets++
			doc, err := cr.fetch(ctx, a)
			if err != nil {
				cr.skip(a, err)
				continue
			}
			cr.extract(doc)
		}
		if depth < opt.Depth {
			level = cr.fresh(next)
		}
	}
	return cr.c.refs, ctx.Err()
}

func parseStart(start string) (*url.URL, error) {
	s := strings.TrimSpace(start)
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &permute.InputError{Input: start, Msg: "is not a web address to crawl; give one such as https://www.example.com/"}
	}
	if u.Path == "" {
		u.Path = "/"
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// siteOf is what "the same site" means: the registrable domain, or the host
// itself when it has none (an IP address, localhost).
func siteOf(host string) string {
	if h, ok := normalizeHost(host); ok {
		if d, ok := registrable(h); ok {
			return d
		}
	}
	return strings.ToLower(host)
}

type crawler struct {
	opt    CrawlOptions
	site   string
	client *http.Client
	c      collector
	robots map[string]robots // by scheme://host
	seen   map[string]bool
}

func (cr *crawler) newClient() *http.Client {
	var c http.Client
	if cr.opt.Client != nil {
		c = *cr.opt.Client
	}
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		from := via[len(via)-1].URL.String()
		cr.c.add(newRef(req.URL.Hostname(), KindRedirect, from, req.URL.String()))
		if len(via) >= maxRedirects {
			return fmt.Errorf("more than %d redirects", maxRedirects)
		}
		if !cr.sameSite(req.URL) {
			return http.ErrUseLastResponse
		}
		return nil
	}
	return &c
}

func (cr *crawler) sameSite(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && siteOf(u.Hostname()) == cr.site
}

func (cr *crawler) skip(u *url.URL, err error) {
	if cr.opt.OnSkip != nil {
		cr.opt.OnSkip(u.String(), err)
	}
}

// fresh keeps the same-site URLs not seen before, worth fetching, sorted.
func (cr *crawler) fresh(lists ...[]*url.URL) []*url.URL {
	var out []*url.URL
	for _, l := range lists {
		for _, u := range l {
			if !cr.sameSite(u) || skipExt[strings.ToLower(path.Ext(u.Path))] {
				continue
			}
			v := *u
			v.Fragment, v.RawFragment = "", ""
			if v.Path == "" {
				v.Path = "/"
			}
			k := v.String()
			if cr.seen[k] {
				continue
			}
			cr.seen[k] = true
			out = append(out, &v)
		}
	}
	slices.SortFunc(out, func(a, b *url.URL) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// skipExt are links that lead to documents with no references worth reading.
var skipExt = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".svg": true,
	".ico": true, ".pdf": true, ".zip": true, ".gz": true, ".mp4": true, ".mp3": true,
	".webm": true, ".woff": true, ".woff2": true, ".ttf": true, ".css": true, ".avif": true,
}

func (cr *crawler) allowed(ctx context.Context, u *url.URL) bool {
	if cr.opt.IgnoreRobots {
		return true
	}
	origin := u.Scheme + "://" + u.Host
	rb, ok := cr.robots[origin]
	if !ok {
		rb = cr.fetchRobots(ctx, origin)
		cr.robots[origin] = rb
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return rb.allowed(p)
}

// disallowAll is what an unreachable robots.txt means (RFC 9309 §2.3.1.4).
var disallowAll = robots{rules: []robotsRule{{allow: false, pattern: "/"}}}

func (cr *crawler) fetchRobots(ctx context.Context, origin string) robots {
	ctx, cancel := context.WithTimeout(ctx, cr.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return disallowAll
	}
	req.Header.Set("User-Agent", cr.opt.UserAgent)
	resp, err := cr.client.Do(req)
	if err != nil {
		return disallowAll
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return parseRobots(io.LimitReader(resp.Body, robotsMaxBody), agentToken)
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return robots{} // "unavailable": crawl as if there were no robots.txt
	default:
		return disallowAll
	}
}

type document struct {
	url   *url.URL // after redirects
	ctype string
	body  []byte
}

func (cr *crawler) fetch(ctx context.Context, u *url.URL) (document, error) {
	ctx, cancel := context.WithTimeout(ctx, cr.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return document{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("User-Agent", cr.opt.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/javascript,application/json;q=0.9,*/*;q=0.1")
	resp, err := cr.client.Do(req)
	if err != nil {
		return document{}, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode < 400 {
			return document{}, fmt.Errorf("fetch %s: redirects off the site to %s", u, loc)
		}
		return document{}, fmt.Errorf("fetch %s: HTTP %s", u, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, cr.opt.MaxBody))
	if err != nil {
		return document{}, fmt.Errorf("fetch %s: read body: %w", u, err)
	}
	final := resp.Request.URL
	cr.seen[final.String()] = true
	return document{url: final, ctype: resp.Header.Get("Content-Type"), body: body}, nil
}

// extract reads a fetched document by its media type, sniffing when the
// server gave none.
func (cr *crawler) extract(doc document) links {
	mt, _, err := mime.ParseMediaType(doc.ctype)
	if err != nil || mt == "" {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(doc.body))
	}
	loc := locator{source: doc.url.String()}
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		l, _ := parseHTML(&cr.c, bytes.NewReader(doc.body), doc.url, loc)
		return l
	case strings.Contains(mt, "javascript") || strings.Contains(mt, "ecmascript"):
		extractScript(&cr.c, string(doc.body), loc, KindJSURL, KindJSHost)
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		extractJSON(&cr.c, string(doc.body), loc)
	case strings.HasPrefix(mt, "text/"):
		_ = extractText(&cr.c, bytes.NewReader(doc.body), loc)
	}
	return links{}
}
