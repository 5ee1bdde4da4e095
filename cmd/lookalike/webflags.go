package main

import (
	"math"
	"net/netip"

	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/scan"
	"github.com/lookalike/lookalike/web"
	"github.com/spf13/pflag"
)

// webFlags are the flags of the web stage (issue 13): what a registered
// lookalike's site and mail servers show. They fill the engine's options
// in place; shots holds --screenshot and --screenshot-chromium until the
// checks have seen them.
type webFlags struct {
	o     scan.WebOptions
	shots web.ShotOptions
	allow []string
}

func (w *webFlags) register(fs *pflag.FlagSet) {
	f := &w.o.Fetch
	fs.BoolVar(&w.o.Pages, "web", false, "fetch the pages of registered names that are not yours (http, https, www.) and judge them against the brand's own: impersonating, parked, redirects")
	fs.BoolVar(&f.AllowPrivate, "web-allow-private", false, "let --web and --smtp-banner connect to loopback, private, link-local and multicast addresses (test worlds; never on a network you do not own)")
	fs.Var(flagval.Duration(&f.Timeout, web.DefaultTimeout), "web-timeout", "how long one URL may take, redirects and body included")
	fs.Var(flagval.Int(&f.Concurrency, web.DefaultConcurrency, 1, math.MaxInt), "web-concurrency", "web requests in flight, and names examined at once")
	fs.Var(flagval.Float(&f.PerHost, web.DefaultPerHost, 0, true), "web-rate", "connections a second to one server address (parked names share a few servers)")
	fs.StringVar(&w.shots.Dir, "screenshot", "", "with --web, save a screenshot of each page as a PNG in `DIR` and compare it with the brand's (needs Chromium)")
	fs.StringVar(&w.shots.Chromium, "screenshot-chromium", "", "the Chromium binary for --screenshot (`PATH`; default: /usr/bin/chromium, then chromium on PATH)")
	// Test worlds allow their own prefix and nothing else private, so that
	// a redirect to 10.x in a world is refused even there.
	fs.StringSliceVar(&w.allow, "web-allow", nil, "let --web and --smtp-banner reach these `PREFIX`es even when private (test worlds on loopback only)")
	_ = fs.MarkHidden("web-allow")
	fs.BoolVar(&w.o.Banners, "smtp-banner", false, "connect to each MX of registered names that are not yours on port 25, read the greeting and EHLO capabilities, and quit (never MAIL FROM or RCPT)")
}

// options checks the web flags together and returns the engine's web
// options; nil when no web flag asks.
func (w *webFlags) options() (*scan.WebOptions, error) {
	switch {
	case w.shots.Dir != "" && !w.o.Pages:
		return nil, usagef("--screenshot takes pictures of the pages --web fetches: add --web")
	case w.shots.Chromium != "" && w.shots.Dir == "" && !w.o.Pages && !w.o.Banners:
		return nil, usagef("--screenshot-chromium goes with --web --screenshot DIR")
	case w.shots.Chromium != "" && w.shots.Dir == "":
		return nil, usagef("--screenshot-chromium goes with --screenshot DIR")
	case !w.o.Pages && !w.o.Banners && (w.o.Fetch.AllowPrivate || len(w.allow) > 0):
		return nil, usagef("--web-allow-private goes with --web or --smtp-banner")
	case !w.o.Pages && !w.o.Banners:
		return nil, nil
	}
	o := w.o
	o.Fetch.UserAgent = "lookalike/" + versionString() + " (brand-protection scan; +https://github.com/lookalike/lookalike)"
	o.Fetch.Allow = nil
	for _, a := range w.allow {
		p, err := netip.ParsePrefix(a)
		if err != nil {
			return nil, usagef("--web-allow %q: want a prefix such as 127.53.1.0/24: %v", a, err)
		}
		o.Fetch.Allow = append(o.Fetch.Allow, p)
	}
	if o.Fetch.PerHost == 0 {
		o.Fetch.PerHost = -1 // 0 means no limit on the command line, as --rate does
	}
	o.SMTP.Timeout = o.Fetch.Timeout
	if w.shots.Dir != "" {
		o.Shots = &web.ShotOptions{Dir: w.shots.Dir, Chromium: w.shots.Chromium, Timeout: 2 * o.Fetch.Timeout}
	}
	return &o, nil
}
