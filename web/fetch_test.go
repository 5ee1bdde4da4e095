package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/golden"
	"github.com/lookalike/lookalike/web/webtest"
)

// summary is what the golden file pins of a site: every field a finding
// shows, without error texts (they carry the operating system's words).
type summary struct {
	Pages      []pageSummary `json:"pages"`
	Similarity int           `json:"similarity"`
	Signals    []Signal      `json:"signals"`
}

type pageSummary struct {
	URL        string   `json:"url"`
	FinalURL   string   `json:"final_url,omitempty"`
	Redirects  []Hop    `json:"redirects,omitempty"`
	Status     int      `json:"status,omitempty"`
	Title      string   `json:"title,omitempty"`
	Server     string   `json:"server,omitempty"`
	LoginForm  bool     `json:"login_form,omitempty"`
	Mentions   []string `json:"mentions,omitempty"`
	Parking    string   `json:"parking,omitempty"`
	ParkingWhy string   `json:"parking_why,omitempty"`
	Truncated  bool     `json:"truncated,omitempty"`
	Bytes      int64    `json:"bytes,omitempty"`
	TLS        *Cert    `json:"tls,omitempty"`
	Reason     string   `json:"reason,omitempty"`
}

func summarise(s *Site, a Assessment) summary {
	out := summary{Similarity: a.Similarity, Signals: a.Signals}
	for _, p := range s.Pages {
		out.Pages = append(out.Pages, pageSummary{
			URL: p.URL, FinalURL: p.FinalURL, Redirects: p.Redirects, Status: p.Status, Title: p.Title,
			Server: p.Server, LoginForm: p.LoginForm, Mentions: p.Mentions, Parking: p.Parking,
			ParkingWhy: p.ParkingWhy, Truncated: p.Truncated, Bytes: p.Bytes, TLS: p.TLS, Reason: p.Reason,
		})
	}
	return out
}

func kinds(a Assessment) []SignalKind {
	var k []SignalKind
	for _, s := range a.Signals {
		k = append(k, s.Kind)
	}
	return k
}

// TestFetchAndAssess fetches every case of webtest over loopback and checks
// the signals and the evidence each gives; the golden file pins the whole
// record.
func TestFetchAndAssess(t *testing.T) {
	n := newTestNet(t)
	o := n.options()
	o.Now = func() time.Time { return webtest.NotBefore.AddDate(0, 1, 0) }
	f := New(o)
	defer f.Close()
	slow := o
	slow.Timeout = 300 * time.Millisecond
	fs := New(slow)
	defer fs.Close()
	ctx := context.Background()
	brandSite := f.Fetch(ctx, testBrand.Domain, testBrand)
	if !brandSite.Main().OK() {
		t.Fatalf("brand page: %+v", brandSite.Main())
	}

	tests := []struct {
		name    string
		host    string
		fetcher *Fetcher
		want    []SignalKind
		check   func(t *testing.T, s *Site, a Assessment)
	}{
		{"the brand's own page", "acmebank.test", f, nil, func(t *testing.T, s *Site, a Assessment) {
			if m := s.Main(); !m.LoginForm || !slices.Contains(m.Mentions, "title") {
				t.Errorf("brand page: login %v mentions %v, want a login form and the name in the title", m.LoginForm, m.Mentions)
			}
		}},
		{"an exact clone", "acmebank-clone.test", f, []SignalKind{Impersonating}, func(t *testing.T, s *Site, a Assessment) {
			if a.Similarity != 100 {
				t.Errorf("similarity %d, want 100 for a byte-for-byte copy", a.Similarity)
			}
			if !strings.Contains(a.Signals[0].Evidence, "copies acmebank.test") {
				t.Errorf("evidence %q, want the copy named", a.Signals[0].Evidence)
			}
			c := s.Pages[0].TLS
			if c == nil || !c.Valid || !c.Brand || !slices.Contains(c.SANs, "acmebank-clone.test") || !strings.Contains(c.Issuer, "Lookalike Test CA") {
				t.Errorf("certificate %+v, want valid, from the test CA, naming the brand", c)
			}
		}},
		{"a phishing kit: new words, the same form", "acmebnk.test", f, []SignalKind{Impersonating}, func(t *testing.T, s *Site, a Assessment) {
			if a.Similarity >= CloseCopy || a.Similarity < 30 {
				t.Errorf("similarity %d, want between 30 and %d: same markup, other words", a.Similarity, CloseCopy)
			}
			if !strings.Contains(a.Signals[0].Evidence, "login form naming acmebank") {
				t.Errorf("evidence %q, want the login rule", a.Signals[0].Evidence)
			}
			if !strings.Contains(a.Signals[0].Why, `logo "Acme Bank"`) {
				t.Errorf("why %q, want the logo named", a.Signals[0].Why)
			}
		}},
		{"a for-sale parking lander", "acmebank-sale.test", f, []SignalKind{ParkedContent}, func(t *testing.T, s *Site, a Assessment) {
			if m := s.Main(); m.Parking != "Sedo" {
				t.Errorf("parking %q (%s), want Sedo", m.Parking, m.ParkingWhy)
			}
		}},
		{"an affiliate redirect to the brand", "acmebank-deals.test", f, []SignalKind{RedirectsToBrand}, func(t *testing.T, s *Site, a Assessment) {
			ev := a.Signals[0].Evidence
			if ev != "redirects to acmebank.test, affiliate parameter aff=lk-4711 utm_source=typo" {
				t.Errorf("evidence %q", ev)
			}
			if !strings.Contains(a.Signals[0].Why, "not proof") {
				t.Errorf("why %q must say a redirect is no proof of ownership", a.Signals[0].Why)
			}
		}},
		{"an unrelated site", "acmebakery.test", f, nil, func(t *testing.T, s *Site, a Assessment) {
			if a.Similarity > 30 {
				t.Errorf("similarity %d to a bakery, want at most 30", a.Similarity)
			}
		}},
		{"a certificate nobody trusts", "acmebank-secure.test", f, nil, func(t *testing.T, s *Site, a Assessment) {
			c := s.Pages[0].TLS
			if c == nil || c.Valid || !strings.Contains(c.Invalid, "unknown authority") || !c.Brand {
				t.Errorf("certificate %+v, want invalid (unknown authority) and naming the brand", c)
			}
			if !s.Pages[0].OK() {
				t.Errorf("the page behind a bad certificate must still be read: %+v", s.Pages[0])
			}
		}},
		{"a server that never answers", "acmebank-slow.test", fs, nil, func(t *testing.T, s *Site, a Assessment) {
			for _, p := range s.Pages {
				if p.Reason != "timeout" {
					t.Errorf("%s: reason %q (%s), want timeout", p.URL, p.Reason, p.Error)
				}
			}
		}},
		{"a 50 MB body", "acmebank-big.test", f, nil, func(t *testing.T, s *Site, a Assessment) {
			m := s.Main()
			if !m.Truncated || m.Bytes != 1<<20 || m.Title != "Big" {
				t.Errorf("truncated %v, %d bytes, title %q: want the body cut at 1 MiB and still read", m.Truncated, m.Bytes, m.Title)
			}
		}},
		{"a redirect to a private address", "acmebank-go.test", f, nil, func(t *testing.T, s *Site, a Assessment) {
			for _, p := range s.Pages {
				if p.Reason != "forbidden" || p.FinalURL != webtest.PrivateTarget || len(p.Redirects) != 1 {
					t.Errorf("%s: reason %q final %q redirects %v: want it refused at %s", p.URL, p.Reason, p.FinalURL, p.Redirects, webtest.PrivateTarget)
				}
			}
		}},
	}
	all := map[string]summary{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.fetcher.Fetch(ctx, tt.host, testBrand)
			a := Assess(s, brandSite, testBrand)
			if got := kinds(a); !slices.Equal(got, tt.want) {
				t.Errorf("signals %v, want %v; assessment %+v", got, tt.want, a)
			}
			tt.check(t, s, a)
			all[tt.host] = summarise(s, a)
		})
	}
	b, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/sites.golden.json", append(b, '\n'))
}

func TestFetchRefusesPrivateAnswers(t *testing.T) {
	n := newTestNet(t)
	tests := []struct {
		name string
		opt  func(*Options)
		url  string
		want string // reason
	}{
		{"a DNS answer in 192.168/16", nil, "http://intranet.acmebank-go.test/", "forbidden"},
		{"loopback without the allowance", func(o *Options) { o.Allow = nil }, "http://acmebank.test/", "forbidden"},
		{"a redirect to a name whose answer is private", nil, "http://acmebank-intra.test/", "forbidden"},
		{"an IP literal in 10/8", nil, "http://10.1.2.3/", "forbidden"},
		{"link-local metadata address", nil, "http://169.254.169.254/latest/meta-data/", "forbidden"},
		{"loopback with AllowPrivate", func(o *Options) { o.Allow, o.AllowPrivate = nil, true }, "http://acmebank.test/", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := n.options()
			if tt.opt != nil {
				tt.opt(&o)
			}
			p := New(o).FetchURL(context.Background(), tt.url, testBrand)
			if p.Reason != tt.want {
				t.Errorf("reason %q (%s), want %q", p.Reason, p.Error, tt.want)
			}
			if tt.want == "forbidden" && !strings.Contains(p.Error, "--web-allow-private") {
				t.Errorf("error %q should name the flag that allows it", p.Error)
			}
		})
	}
}

func TestPermitted(t *testing.T) {
	allowLoop := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	tests := []struct {
		ip      string
		allow   []netip.Prefix
		private bool
		ok      bool
	}{
		{"93.184.215.14", nil, false, true},
		{"2606:2800:21f:cb07:6820:80da:af6b:8b2c", nil, false, true},
		{"127.0.0.1", nil, false, false},
		{"::1", nil, false, false},
		{"10.0.0.1", nil, false, false},
		{"172.16.5.4", nil, false, false},
		{"192.168.1.1", nil, false, false},
		{"fd00::1", nil, false, false},
		{"169.254.169.254", nil, false, false},
		{"fe80::1", nil, false, false},
		{"224.0.0.251", nil, false, false},
		{"ff02::1", nil, false, false},
		{"0.0.0.0", nil, false, false},
		{"::", nil, false, false},
		{"100.64.0.1", nil, false, false},
		{"255.255.255.255", nil, false, false},
		{"::ffff:10.0.0.1", nil, false, false},
		{"127.53.1.80", allowLoop, false, true},
		{"10.0.0.1", allowLoop, false, false},
		{"10.0.0.1", nil, true, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/allow=%v/private=%v", tt.ip, tt.allow, tt.private), func(t *testing.T) {
			d := &Dialer{Allow: tt.allow, AllowPrivate: tt.private}
			err := d.Permitted(netip.MustParseAddr(tt.ip))
			if (err == nil) != tt.ok {
				t.Errorf("Permitted(%s) = %v, want ok=%v", tt.ip, err, tt.ok)
			}
		})
	}
}
