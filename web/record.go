package web

import (
	"fmt"
	"slices"
)

// CloseShot is the ShotSimilarity from which a third-party page counts as
// looking like the brand's: screenshots of a clone match to within a few
// bits, an unrelated page lands near 0.
const CloseShot = 90

// AddShot compares the screenshot of a lookalike's page with the brand's
// and records it: ShotSimilarity, and an Impersonating signal when the page
// looks like the brand's on a host the brand does not own (unless the page
// already gave one).
func (a *Assessment) AddShot(shot, brandShot Shot, brand Brand) {
	sim := ShotSimilarity(shot, brandShot)
	a.ShotSimilarity = &sim
	a.Screenshot = shot.Path
	if sim < CloseShot || brand.Owns(hostOf(shot.URL)) || a.Has(Impersonating) {
		return
	}
	s := Signal{
		Kind:     Impersonating,
		Evidence: fmt.Sprintf("looks like %s (screenshot %d)", brand.Domain, sim),
		Why:      fmt.Sprintf("the screenshot of %s is %d/100 like %s's own (perceptual hash; a look-alike from %d)", shot.URL, sim, brand.Domain, CloseShot),
		URL:      shot.URL,
	}
	a.Signals = slices.Insert(a.Signals, 0, s) // impersonation leads, as in Assess
}

// Record is the `web` object of one name in a scan's output: the page that
// answers for the name (Site.Main), what Assess made of it, and the
// screenshot when one was taken.
type Record struct {
	URL       string `json:"url"`
	FinalURL  string `json:"final_url,omitempty"`
	Redirects []Hop  `json:"redirects,omitempty"`
	Status    int    `json:"status,omitempty"`
	Title     string `json:"title,omitempty"`
	Server    string `json:"server,omitempty"`
	LoginForm bool   `json:"login_form"`
	// Mentions: where the page names the brand.
	Mentions   []string `json:"mentions,omitempty"`
	Similarity int      `json:"similarity"`
	Parking    string   `json:"parking,omitempty"`
	// TLS is the certificate of the name's HTTPS server, if any answered.
	TLS            *Cert    `json:"tls,omitempty"`
	Screenshot     string   `json:"screenshot,omitempty"`
	ShotSimilarity *int     `json:"screenshot_similarity,omitempty"`
	Signals        []Signal `json:"signals,omitempty"`
	// Error is why no page answered (Reason of the main page).
	Error string `json:"error,omitempty"`
}

// NewRecord builds the record of site as a assessed it.
func NewRecord(site *Site, a Assessment) Record {
	m := site.Main()
	if m == nil {
		return Record{}
	}
	r := Record{
		URL: m.URL, FinalURL: m.FinalURL, Redirects: m.Redirects, Status: m.Status, Title: m.Title,
		Server: m.Server, LoginForm: m.LoginForm, Mentions: m.Mentions, Similarity: a.Similarity,
		Parking: m.Parking, TLS: m.TLS, Screenshot: a.Screenshot, ShotSimilarity: a.ShotSimilarity,
		Signals: a.Signals,
	}
	if r.TLS == nil {
		for _, p := range site.Pages {
			if p.TLS != nil {
				r.TLS = p.TLS
				break
			}
		}
	}
	if m.Status == 0 {
		r.Error = m.Reason
	}
	return r
}
