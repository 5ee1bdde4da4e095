package main

import (
	"math"
	"net/netip"
	"time"

	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/scan"
	"github.com/lookalike/lookalike/web"
	"github.com/spf13/pflag"
)

// webFlags are the flags of the web stage (issue 13): what a registered
// lookalike's site and mail servers show.
type webFlags struct {
	pages        bool
	allowPrivate bool
	timeout      time.Duration
	concurrency  int
	rate         float64
	shotDir      string
	chromium     string
	smtpBanner   bool
	allow        []string
}

func (w *webFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&w.pages, "web", false, "fetch the pages of registered names that are not yours (http, https, www.) and judge them against the brand's own: impersonating, parked, redirects")
	fs.BoolVar(&w.allowPrivate, "web-allow-private", false, "let --web and --smtp-banner connect to loopback, private, link-local and multicast addresses (test worlds; never on a network you do not own)")
	fs.Var(flagval.Duration(&w.timeout, web.DefaultTimeout), "web-timeout", "how long one URL may take, redirects and body included")
	fs.Var(flagval.Int(&w.concurrency, web.DefaultConcurrency, 1, math.MaxInt), "web-concurrency", "web requests in flight, and names examined at once")
	fs.Var(flagval.Float(&w.rate, web.DefaultPerHost, 0, true), "web-rate", "connections a second to one server address (parked names share a few servers)")
	fs.StringVar(&w.shotDir, "screenshot", "", "with --web, save a screenshot of each page as a PNG in `DIR` and compare it with the brand's (needs Chromium)")
	fs.StringVar(&w.chromium, "screenshot-chromium", "", "the Chromium binary for --screenshot (`PATH`; default: /usr/bin/chromium, then chromium on PATH)")
	// Test worlds allow their own prefix and nothing else private, so that
	// a redirect to 10.x in a world is refused even there.
	fs.StringSliceVar(&w.allow, "web-allow", nil, "let --web and --smtp-banner reach these `PREFIX`es even when private (test worlds on loopback only)")
	_ = fs.MarkHidden("web-allow")
	fs.BoolVar(&w.smtpBanner, "smtp-banner", false, "connect to each MX of registered names that are not yours on port 25, read the greeting and EHLO capabilities, and quit (never MAIL FROM or RCPT)")
}

// options fills the engine's web options; nil when no web flag asks.
func (w *webFlags) options() (*scan.WebOptions, error) {
	if !w.pages && !w.smtpBanner {
		switch {
		case w.shotDir != "":
			return nil, usagef("--screenshot takes pictures of the pages --web fetches: add --web")
		case w.chromium != "":
			return nil, usagef("--screenshot-chromium goes with --web --screenshot DIR")
		case w.allowPrivate || len(w.allow) > 0:
			return nil, usagef("--web-allow-private goes with --web or --smtp-banner")
		}
		return nil, nil
	}
	if w.shotDir == "" && w.chromium != "" {
		return nil, usagef("--screenshot-chromium goes with --screenshot DIR")
	}
	if w.shotDir != "" && !w.pages {
		return nil, usagef("--screenshot takes pictures of the pages --web fetches: add --web")
	}
	o := &scan.WebOptions{
		Pages:   w.pages,
		Banners: w.smtpBanner,
		Fetch: web.Options{
			Timeout:      w.timeout,
			Concurrency:  w.concurrency,
			PerHost:      w.rate,
			AllowPrivate: w.allowPrivate,
			UserAgent:    "lookalike/" + versionString() + " (brand-protection scan; +https://github.com/lookalike/lookalike)",
		},
	}
	for _, a := range w.allow {
		p, err := netip.ParsePrefix(a)
		if err != nil {
			return nil, usagef("--web-allow %q: want a prefix such as 127.53.1.0/24: %v", a, err)
		}
		o.Fetch.Allow = append(o.Fetch.Allow, p)
	}
	if w.rate == 0 {
		o.Fetch.PerHost = -1 // 0 means no limit on the command line, as --rate does
	}
	o.SMTP.Timeout = w.timeout
	if w.shotDir != "" {
		o.Shots = &web.ShotOptions{Dir: w.shotDir, Chromium: w.chromium, Timeout: 2 * w.timeout}
	}
	return o, nil
}
