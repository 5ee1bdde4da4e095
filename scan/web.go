package scan

import (
	"context"
	"fmt"
	"iter"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/lookalike/lookalike/internal/fanout"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/smtpbanner"
	"github.com/lookalike/lookalike/web"
)

// WebOptions turn on the web stage: after judgement, each registered name
// that is not the brand's (third-party or parked) is looked at beyond its
// DNS, and judged again with what it showed (judge.JudgeWeb).
type WebOptions struct {
	// Pages fetches the name's http:// and https:// pages, and www. of it,
	// beside the brand's own pages fetched once (--web). Only names with an
	// address are fetched.
	Pages bool
	// Fetch configures the fetcher (timeouts, concurrency, the per-server
	// rate, private addresses, the user agent). A nil Lookup is replaced by
	// one that answers from the A and AAAA records the scan resolved and
	// asks Resolve.Resolvers for any other host (www., a redirect's
	// target): fetching never asks a resolver the user did not name.
	Fetch web.Options
	// Shots, when set, adds a screenshot of each fetched name (needs
	// Pages). A missing browser fails the run (web.ErrNoChromium): asked
	// for screenshots, a scan never goes on silently without them.
	Shots *web.ShotOptions
	// Banners reads the greeting and EHLO capabilities of each MX host of a
	// name that takes mail (--smtp-banner); never MAIL FROM or RCPT.
	Banners bool
	// SMTP configures the banner reader; a nil Dial is the fetcher's
	// guarded dialer, under the same address rules and rate.
	SMTP smtpbanner.Options
	// Terms are more names of the brand that pages are searched for (the
	// brand's label and its Unicode form always are).
	Terms []string
}

// webStage is the web stage of one run: one fetcher and one examiner per
// brand, whose own site is fetched once when the stage starts.
type webStage struct {
	o        *WebOptions
	j        *judger
	fetcher  *web.Fetcher
	shooter  *web.Shooter
	examiner map[string]*web.Examiner
	smtp     smtpbanner.Options
	warn     func(string)
	// known holds the addresses the scan resolved for the names it
	// examines (host → []netip.Addr), so that a page costs no new query.
	known sync.Map
}

// startWeb starts the web stage of o, or returns nil when o asks for none.
// The brands' own sites are fetched here, before the first name.
func (o *Options) startWeb(ctx context.Context, j *judger) (*webStage, error) {
	wo := o.Web
	if wo == nil || (!wo.Pages && !wo.Banners) {
		if wo != nil && wo.Shots != nil {
			return nil, inputErrorf("screenshots are taken of the pages --web fetches: add --web")
		}
		return nil, nil
	}
	if wo.Shots != nil && !wo.Pages {
		return nil, inputErrorf("screenshots are taken of the pages --web fetches: add --web")
	}
	w := &webStage{o: wo, j: j, examiner: map[string]*web.Examiner{}, smtp: wo.SMTP, warn: o.warn}
	fo := wo.Fetch
	if fo.Lookup == nil {
		fo.Lookup = w.lookup(web.LookupVia(o.Resolve.Resolvers...))
	}
	w.fetcher = web.New(fo)
	if w.smtp.Dial == nil {
		w.smtp.Dial = w.fetcher.Dialer().DialContext
	}
	if wo.Shots != nil {
		sh, err := w.fetcher.NewShooter(ctx, *wo.Shots)
		if err != nil {
			w.close()
			return nil, fmt.Errorf("--screenshot: %w", err)
		}
		w.shooter = sh
	}
	for _, b := range o.Brands {
		if p := j.profiles[b.Domain]; p != nil {
			w.remember(b.Domain, p.A, p.AAAA)
		}
		terms := slices.Clone(wo.Terms)
		if b.ULabel != "" && b.ULabel != b.Label {
			terms = append(terms, b.ULabel)
		}
		ex := &web.Examiner{Fetcher: w.fetcher, Shooter: w.shooter,
			Brand: web.Brand{Domain: b.Domain, Label: b.Label, Terms: terms}}
		if wo.Pages {
			if err := ex.Start(ctx); err != nil {
				// The brand's page was read; only its picture is missing, so
				// copies are still told by their markup.
				o.warn(fmt.Sprintf("screenshot of the brand's site %s: %v", b.Domain, err))
			}
			if err := ctx.Err(); err != nil {
				w.close()
				return nil, err
			}
			if m := ex.BrandSite().Main(); !m.OK() {
				o.warn(fmt.Sprintf("the brand's own site %s could not be read (%s): copies of it cannot be told, logins naming it still can", b.Domain, pageProblem(m)))
			}
		}
		w.examiner[b.Domain] = ex
	}
	return w, nil
}

func pageProblem(p *web.Page) string {
	switch {
	case p == nil:
		return "no page"
	case p.Status != 0:
		return fmt.Sprintf("status %d", p.Status)
	case p.Reason != "":
		return p.Reason
	}
	return "no answer"
}

// lookup answers from the addresses the scan resolved, then asks next.
func (w *webStage) lookup(next web.Lookup) web.Lookup {
	return func(ctx context.Context, host string) ([]netip.Addr, error) {
		if v, ok := w.known.Load(strings.ToLower(strings.TrimSuffix(host, "."))); ok {
			return v.([]netip.Addr), nil
		}
		return next(ctx, host)
	}
}

func (w *webStage) remember(host string, lists ...[]string) {
	var ips []netip.Addr
	for _, l := range lists {
		for _, a := range l {
			if ip, err := netip.ParseAddr(a); err == nil {
				ips = append(ips, ip)
			}
		}
	}
	if len(ips) > 0 {
		w.known.Store(strings.ToLower(strings.TrimSuffix(host, ".")), ips)
	}
}

func (w *webStage) close() {
	if w == nil {
		return
	}
	if w.shooter != nil {
		w.shooter.Close()
	}
	w.fetcher.Close()
}

// findings examines the findings that deserve it, a pool at a time, and
// yields every finding in input order. A nil stage passes them through.
func (w *webStage) findings(ctx context.Context, in iter.Seq[judge.Finding]) iter.Seq[judge.Finding] {
	if w == nil {
		return in
	}
	n := w.o.Fetch.Concurrency
	if n <= 0 {
		n = web.DefaultConcurrency
	}
	// Most findings pass straight through; the window lets them flow past
	// a slow site without holding more than a few thousand in memory.
	return fanout.Map(ctx, in, fanout.Options{Workers: n, Window: max(64*n, 1024)}, w.examine)
}

// examinable: registered and not the brand's. Owned names are never
// fetched (the brand's own sites need no evidence), nor unknown ones.
func examinable(f *judge.Finding) bool {
	return f.Status == resolve.Registered && (f.Verdict == judge.ThirdParty || f.Verdict == judge.Parked)
}

func (w *webStage) examine(ctx context.Context, f judge.Finding) judge.Finding {
	seen := &judge.Web{Fetch: w.o.Pages, Banners: w.o.Banners}
	if !examinable(&f) {
		f.Web = seen
		return f
	}
	if ex := w.examiner[f.Brand]; w.o.Pages && ex != nil && len(f.A)+len(f.AAAA) > 0 {
		w.remember(f.Domain, f.A, f.AAAA)
		rec, err := ex.Examine(ctx, f.Domain)
		if err != nil && ctx.Err() == nil {
			w.warn(fmt.Sprintf("%s: %v (the page evidence stands)", f.Domain, err))
		}
		seen.Page = &rec
		w.known.Delete(f.Domain)
	}
	if w.o.Banners && f.Mail && len(f.MX) > 0 {
		for _, mx := range f.MX {
			if mx = strings.TrimSuffix(mx, "."); mx == "" {
				continue // a null MX refuses mail
			}
			seen.SMTP = append(seen.SMTP, smtpbanner.Grab(ctx, mx, w.smtp))
		}
	}
	if ctx.Err() != nil {
		// What an interrupted fetch saw is not evidence.
		f.Web = &judge.Web{Fetch: w.o.Pages, Banners: w.o.Banners}
		return f
	}
	return judge.JudgeWeb(w.j.profiles[f.Brand], f.Result, w.j.now, seen)
}
