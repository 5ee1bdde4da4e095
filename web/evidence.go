package web

import (
	"context"
	"net/netip"
	"strings"
)

// Known returns a Lookup that answers from addresses the caller already
// holds (the A and AAAA records a scan resolved for the names it judges)
// and asks next for every other host (www. of a name, a redirect's
// target). Addresses that do not parse are skipped.
func Known(addrs map[string][]string, next Lookup) Lookup {
	known := make(map[string][]netip.Addr, len(addrs))
	for host, list := range addrs {
		host = strings.ToLower(strings.TrimSuffix(host, "."))
		for _, a := range list {
			if ip, err := netip.ParseAddr(a); err == nil {
				known[host] = append(known[host], ip)
			}
		}
	}
	return func(ctx context.Context, host string) ([]netip.Addr, error) {
		if ips, ok := known[strings.ToLower(strings.TrimSuffix(host, "."))]; ok && len(ips) > 0 {
			return ips, nil
		}
		if next == nil {
			return nil, &lookupError{host}
		}
		return next(ctx, host)
	}
}

type lookupError struct{ host string }

func (e *lookupError) Error() string {
	return "no such host " + e.host + " (not among the known addresses)"
}

// Examiner gathers the web evidence of a brand's lookalikes: the brand's own
// site once, then a Record per name.
type Examiner struct {
	Fetcher *Fetcher
	Brand   Brand
	// Shooter, when set, adds a screenshot of each name's main page.
	Shooter *Shooter

	brandSite *Site
	brandShot *Shot
}

// Start fetches (and shoots) the brand's own site, which every Record is
// compared with. A brand site that cannot be fetched is no error: copies
// then cannot be told, logins with the brand's name still can.
func (e *Examiner) Start(ctx context.Context) error {
	e.brandSite = e.Fetcher.Fetch(ctx, e.Brand.Domain, e.Brand)
	if e.Shooter == nil {
		return nil
	}
	if m := e.brandSite.Main(); m.OK() {
		shot, err := e.Shooter.Shoot(ctx, e.Brand.Domain, m.FinalURL)
		if err != nil {
			return err
		}
		e.brandShot = &shot
	}
	return nil
}

// BrandSite is the brand's own site as Start fetched it.
func (e *Examiner) BrandSite() *Site { return e.brandSite }

// Examine fetches name's pages, assesses them against the brand's, and with
// a Shooter takes a screenshot of the main page. A screenshot that fails is
// returned as the error beside a complete Record: the page evidence stands.
func (e *Examiner) Examine(ctx context.Context, name string) (Record, error) {
	site := e.Fetcher.Fetch(ctx, name, e.Brand)
	a := Assess(site, e.brandSite, e.Brand)
	var shotErr error
	if m := site.Main(); e.Shooter != nil && m.OK() {
		shot, err := e.Shooter.Shoot(ctx, name, m.FinalURL)
		switch {
		case err != nil:
			shotErr = err
		case e.brandShot != nil:
			a.AddShot(shot, *e.brandShot, e.Brand)
		default:
			a.Screenshot = shot.Path
		}
	}
	return NewRecord(site, a), shotErr
}
