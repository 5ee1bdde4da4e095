package judge

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/smtpbanner"
	"github.com/lookalike/lookalike/web"
	"github.com/lookalike/lookalike/wordlists"
)

// Web is what a scan's web stage saw of a name beyond its DNS: the `web`
// object of its site and the `smtp` banners of its mail hosts. Judge never
// fetches them (package web and smtpbanner do); it only reads them.
type Web struct {
	// Fetch and Banners say what the run asked for (--web, --smtp-banner),
	// so that every record of one output carries the same fields whether
	// or not this name was examined.
	Fetch, Banners bool
	// Page is the name's site; nil when it was not examined (not
	// registered, owned, or without an address).
	Page *web.Record
	// SMTP holds one banner per MX host, in MX order.
	SMTP []smtpbanner.Banner
}

// The terms of the risk score that come from the web stage.
const (
	TermImpersonating = "impersonating" // the site imitates the brand, +40
	TermRedirect      = "redirect"      // sends visitors to the brand: 0, evidence only
)

// ptsImpersonating puts a live imitation of the brand's site above every
// registration that only might be used: with the name and TLD terms it
// reaches the top of the scale.
const ptsImpersonating = 40

// JudgeWeb is Judge with what the name's site and mail servers showed (w may
// be nil): a web.Impersonating signal makes the verdict Impersonating, a
// web.ParkedContent signal turns a third-party name Parked, and a
// web.RedirectsToBrand signal is evidence only, never ownership (a
// typosquatter earns affiliate fees by sending visitors to the brand). An
// owned name is never changed by what its pages say. The web terms are in
// the finding's Factors; RiskFactors alone, which sees no web record, lacks
// them.
func JudgeWeb(p *Profile, r resolve.Result, now time.Time, w *Web) Finding {
	f := Judge(p, r, now)
	if w == nil {
		return f
	}
	f.Web = w
	if !f.applyWeb() {
		return f
	}
	// The verdict changed or gained evidence: the risk follows it.
	f.Factors = webFactors(f, RiskFactors(p, f, now), now)
	f.Risk = Risk(f.Factors)
	return f
}

// applyWeb moves the verdict by the page's signals and adds their evidence
// (first: it is what the analyst acts on) and the mail servers'. It reports
// whether anything changed.
func (f *Finding) applyWeb() bool {
	if f.Status != resolve.Registered || (f.Verdict != ThirdParty && f.Verdict != Parked) {
		return false
	}
	var ev []string
	changed := false
	if pg := f.Web.Page; pg != nil {
		for _, s := range pg.Signals {
			ev = append(ev, s.Evidence)
		}
		switch {
		case hasSignal(pg, web.Impersonating):
			f.Verdict = Impersonating
		case hasSignal(pg, web.ParkedContent) && f.Verdict == ThirdParty:
			f.Verdict = Parked
			f.Parking = pg.Parking
		}
		changed = len(pg.Signals) > 0
	}
	for _, b := range f.Web.SMTP {
		if b.Accepts {
			ev = append(ev, "smtp "+b.Host+" accepts mail sessions")
			changed = true
		}
	}
	f.Evidence = append(ev, f.Evidence...)
	return changed
}

func hasSignal(r *web.Record, k web.SignalKind) bool {
	return slices.ContainsFunc(r.Signals, func(s web.Signal) bool { return s.Kind == k })
}

func signalOf(r *web.Record, k web.SignalKind) (web.Signal, bool) {
	if r == nil {
		return web.Signal{}, false
	}
	i := slices.IndexFunc(r.Signals, func(s web.Signal) bool { return s.Kind == k })
	if i < 0 {
		return web.Signal{}, false
	}
	return r.Signals[i], true
}

// webFactors adds the web terms to factors (RiskFactors of the finding as
// applyWeb left it): an impersonating site gets the evidence terms a
// third-party one has and +40 with the signal's Why; a name parked by its
// content has its parked term explained by the page; a redirect to the
// brand is shown with no points.
func webFactors(f Finding, factors []Factor, now time.Time) []Factor {
	pg := f.Web.Page
	if s, ok := signalOf(pg, web.Impersonating); ok && f.Verdict == Impersonating {
		factors = append(factors, evidenceFactors(f, now)...)
		factors = append(factors, Factor{TermImpersonating, ptsImpersonating, s.Why})
	}
	if s, ok := signalOf(pg, web.ParkedContent); ok && f.Verdict == Parked && !parkedByNS(f.NS) {
		pts, what := contentParking(pg.Parking)
		for i := range factors {
			if factors[i].Term == TermParked {
				factors[i] = Factor{TermParked, pts, what + ": " + s.Why}
			}
		}
	}
	if s, ok := signalOf(pg, web.RedirectsToBrand); ok {
		factors = append(factors, Factor{TermRedirect, 0, s.Why})
	}
	return factors
}

func parkedByNS(ns []string) bool {
	return slices.ContainsFunc(ns, func(h string) bool {
		_, ok := wordlists.ParkingByNS(h)
		return ok
	})
}

// contentParking scores a lander as the parked term scores name servers:
// a marketplace's or a for-sale page −10, a parking service's −15.
func contentParking(service string) (int, string) {
	if strings.EqualFold(service, "for sale") {
		return -10, "for sale"
	}
	for _, s := range wordlists.Parking() {
		if strings.EqualFold(s.Name, service) {
			if s.Kind == "marketplace" {
				return -10, fmt.Sprintf("for sale on %s", s.Name)
			}
			return -15, fmt.Sprintf("parked with ads (%s)", s.Name)
		}
	}
	return -15, "parked"
}
