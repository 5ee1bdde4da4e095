package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// SignalKind names what a site's pages say about the lookalike.
type SignalKind string

// The signals Assess gives.
const (
	// Impersonating: a third-party page that is a close copy of the brand's
	// page, or that has a login form together with the brand's name or logo.
	Impersonating SignalKind = "impersonating"
	// ParkedContent: the page is a parking or for-sale lander.
	ParkedContent SignalKind = "parked-content"
	// RedirectsToBrand: the name sends visitors to the brand's own site.
	// Evidence, never proof of ownership: typosquatters earn affiliate fees
	// by exactly this.
	RedirectsToBrand SignalKind = "redirects-to-brand"
)

// CloseCopy is the Similarity from which a third-party page counts as a copy
// of the brand's. An exact clone scores 100; a phishing kit that rewrote the
// words but kept the markup and forms is caught by the login rule instead.
const CloseCopy = 80

// Signal is one conclusion drawn from a site, with what backs it.
type Signal struct {
	Kind SignalKind `json:"kind"`
	// Evidence is a short phrase for a finding's evidence list.
	Evidence string `json:"evidence"`
	// Why is a sentence for --explain: which page, what it showed.
	Why string `json:"why"`
	// URL is the page the signal came from.
	URL string `json:"url"`
}

// Assessment is what Assess concludes about one site.
type Assessment struct {
	// Similarity is the main page's closeness to the brand's main page,
	// 0–100 (0 when either could not be read).
	Similarity int `json:"similarity"`
	// Signals, at most one of each kind, in the order of SignalKind above.
	Signals []Signal `json:"signals,omitempty"`
	// ShotSimilarity and Screenshot are set by AddShot.
	ShotSimilarity *int   `json:"screenshot_similarity,omitempty"`
	Screenshot     string `json:"screenshot,omitempty"`
}

// Has reports whether a holds a signal of kind k.
func (a Assessment) Has(k SignalKind) bool {
	return slices.ContainsFunc(a.Signals, func(s Signal) bool { return s.Kind == k })
}

// Assess judges site (a lookalike's pages) against brandSite (the brand's
// own pages, fetched by the same Fetcher; nil when unreachable, which only
// disables the copy test). Pages that end on the brand's own domain are the
// brand's, never an impersonation: they give RedirectsToBrand.
func Assess(site, brandSite *Site, brand Brand) Assessment {
	var a Assessment
	if site == nil {
		return a
	}
	var brandFP Fingerprint
	if bm := brandSite.Main(); bm.OK() {
		brandFP = bm.Fingerprint
	}
	if m := site.Main(); m.OK() && !brand.Owns(hostOf(m.FinalURL)) {
		a.Similarity = Similarity(m.Fingerprint, brandFP)
	}

	var imp, park, redir *Signal
	for i := range site.Pages {
		p := &site.Pages[i]
		if redir == nil {
			redir = redirectSignal(p, brand)
		}
		if !p.OK() || brand.Owns(hostOf(p.FinalURL)) {
			continue
		}
		if imp == nil {
			imp = impersonationSignal(p, brandFP, brand)
		}
		if park == nil && p.Parking != "" {
			park = &Signal{
				Kind:     ParkedContent,
				Evidence: "parked page (" + p.Parking + ")",
				Why:      fmt.Sprintf("%s is a parking or for-sale lander (%s): %s", p.URL, p.Parking, p.ParkingWhy),
				URL:      p.URL,
			}
		}
	}
	for _, s := range []*Signal{imp, park, redir} {
		if s != nil {
			a.Signals = append(a.Signals, *s)
		}
	}
	return a
}

func impersonationSignal(p *Page, brandFP Fingerprint, brand Brand) *Signal {
	if sim := Similarity(p.Fingerprint, brandFP); sim >= CloseCopy {
		return &Signal{
			Kind:     Impersonating,
			Evidence: fmt.Sprintf("page copies %s (similarity %d)", brand.Domain, sim),
			Why:      fmt.Sprintf("%s is %d/100 similar to %s's own page in text and markup (a copy from %d)", p.URL, sim, brand.Domain, CloseCopy),
			URL:      p.URL,
		}
	}
	if !p.LoginForm {
		return nil
	}
	var named []string
	for _, m := range p.Mentions {
		if m == "title" || m == "text" || strings.HasPrefix(m, "logo ") || strings.HasPrefix(m, "term ") {
			named = append(named, m)
		}
	}
	if len(named) == 0 {
		return nil
	}
	return &Signal{
		Kind:     Impersonating,
		Evidence: fmt.Sprintf("login form naming %s", brand.label()),
		Why:      fmt.Sprintf("%s asks for a password and names the brand (%s) on a site that is not %s", p.URL, strings.Join(named, ", "), brand.Domain),
		URL:      p.URL,
	}
}

// redirectSignal tells whether p's redirects (or a meta refresh) end on the
// brand's domain, with the affiliate parameters of the way there.
func redirectSignal(p *Page, brand Brand) *Signal {
	target := ""
	switch {
	case p.FinalURL != "" && len(p.Redirects) > 0 && brand.Owns(hostOf(p.FinalURL)):
		target = p.FinalURL
	case p.Refresh != "" && brand.Owns(hostOf(p.Refresh)):
		target = p.Refresh
	default:
		return nil
	}
	chain := []string{}
	for _, h := range p.Redirects {
		chain = append(chain, h.URL)
	}
	chain = append(chain, target)
	params := affiliateParams(chain)
	ev := "redirects to " + brand.Domain
	why := fmt.Sprintf("%s redirects to %s, the brand's own site", p.URL, target)
	if len(params) > 0 {
		ev += ", affiliate parameter " + strings.Join(params, " ")
		why += " with affiliate parameters " + strings.Join(params, " ") + ": typosquatters earn referral fees this way"
	}
	why += "; this is evidence, not proof, that the brand holds the name"
	return &Signal{Kind: RedirectsToBrand, Evidence: ev, Why: why, URL: p.URL}
}

// affiliateKeys are query parameters that affiliate and referral programmes
// use to credit the sender of a visitor.
var affiliateKeys = map[string]bool{
	"aff": true, "affid": true, "aff_id": true, "affiliate": true, "affiliate_id": true, "aff_sub": true,
	"afftrack": true, "ref": true, "refid": true, "ref_id": true, "referrer": true, "partner": true,
	"partner_id": true, "partnerid": true, "pid": true, "clickid": true, "click_id": true, "irclickid": true,
	"subid": true, "sub_id": true, "cid": true, "campaign": true, "campaign_id": true, "tag": true,
	"utm_source": true, "utm_medium": true, "utm_campaign": true, "offer_id": true, "transaction_id": true,
	"tracking": true, "source": true,
}

// affiliateParams lists key=value for the affiliate parameters in urls, each
// once, in order, values capped.
func affiliateParams(urls []string) []string {
	var out []string
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		q := u.Query()
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if !affiliateKeys[strings.ToLower(k)] {
				continue
			}
			kv := clip(k, 40) + "=" + clip(q.Get(k), 60)
			if !slices.Contains(out, kv) && len(out) < 8 {
				out = append(out, kv)
			}
		}
	}
	return out
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}
