package web

import (
	"strings"
	"time"
)

// Brand is what pages are judged against: the brand's registrable domain and
// the words that name it.
type Brand struct {
	// Domain is the registrable domain, lower-case A-label: "acmebank.com".
	Domain string
	// Label is the registrable label ("acmebank"); empty means the first
	// label of Domain.
	Label string
	// Terms are more names of the brand to look for: "Acme Bank", a product.
	// They are compared as Label is, letters and digits only, in any case.
	Terms []string
}

func (b Brand) label() string {
	if b.Label != "" {
		return b.Label
	}
	l, _, _ := strings.Cut(b.Domain, ".")
	return l
}

// Owns reports whether host is the brand's domain or a name beneath it.
func (b Brand) Owns(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	d := strings.ToLower(b.Domain)
	return d != "" && (host == d || strings.HasSuffix(host, "."+d))
}

// Site is what the web shows for one name: a Page per URL tried.
type Site struct {
	Name  string `json:"name"`
	Pages []Page `json:"pages"`
}

// Main is the page that answers for the name: the first (in URLs order)
// that returned 2xx, else the first with any HTTP status, else the first.
// Nil for a site without pages.
func (s *Site) Main() *Page {
	if s == nil || len(s.Pages) == 0 {
		return nil
	}
	for i := range s.Pages {
		if st := s.Pages[i].Status; st >= 200 && st < 300 {
			return &s.Pages[i]
		}
	}
	for i := range s.Pages {
		if s.Pages[i].Status != 0 {
			return &s.Pages[i]
		}
	}
	return &s.Pages[0]
}

// Page is one URL fetched and what its page shows. All text in it came from
// the network and has been stripped of control characters and capped.
type Page struct {
	// URL is the URL asked; FinalURL where the redirects ended.
	URL      string `json:"url"`
	FinalURL string `json:"final_url,omitempty"`
	// Redirects are the responses that redirected, in order.
	Redirects []Hop `json:"redirects,omitempty"`
	// Status is the final HTTP status; 0 when none came.
	Status      int    `json:"status,omitempty"`
	Title       string `json:"title,omitempty"`
	Server      string `json:"server,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	// Bytes of body read; Truncated when the body was longer than MaxBody.
	Bytes     int64 `json:"bytes,omitempty"`
	Truncated bool  `json:"truncated,omitempty"`
	// LoginForm: the page has a password input.
	LoginForm bool `json:"login_form,omitempty"`
	// Mentions say where the page names the brand: "title", "text",
	// `logo "Acme Bank"`, `term "acme bank"`.
	Mentions []string `json:"mentions,omitempty"`
	// Parking is the parking or marketplace service the content is a
	// template of ("Sedo"; "for sale" when no service can be told), and
	// ParkingWhy the phrase that says so.
	Parking    string `json:"parking,omitempty"`
	ParkingWhy string `json:"parking_why,omitempty"`
	// Refresh is the target of a <meta http-equiv=refresh>, which is
	// recorded, never followed.
	Refresh string `json:"refresh,omitempty"`
	// TLS is the certificate of the first HTTPS server in the chain.
	TLS *Cert `json:"tls,omitempty"`
	// Error and Reason (timeout, forbidden, refused, tls,
	// too-many-redirects, no-address, error) when the fetch failed.
	Error  string `json:"error,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Fingerprint is the page's shape for Similarity.
	Fingerprint Fingerprint `json:"-"`
}

// OK reports whether the page answered with 2xx.
func (p *Page) OK() bool { return p != nil && p.Status >= 200 && p.Status < 300 }

// Hop is one response that redirected.
type Hop struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
}

// Cert is a server's TLS certificate as a scan records it.
type Cert struct {
	Subject   string    `json:"subject,omitempty"`
	Issuer    string    `json:"issuer"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	SANs      []string  `json:"sans,omitempty"`
	// Valid: the chain verifies to the roots for the host asked; Invalid
	// says why not.
	Valid   bool   `json:"valid"`
	Invalid string `json:"invalid,omitempty"`
	// Brand: the brand's label or a term is in a SAN, the subject or the
	// issuer's organisation.
	Brand bool `json:"brand,omitempty"`
}
