package web

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lookalike/lookalike/web/webtest"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name  string
		html  string
		check func(t *testing.T, d Doc)
	}{
		{"title and text, scripts left out", `<html><head><title> Hello
		World </title><script>var x = "hidden";</script></head><body><p>Visible   text</p><style>p{}</style></body></html>`,
			func(t *testing.T, d Doc) {
				if d.Title != "Hello World" || d.Text != "visible text" {
					t.Errorf("title %q text %q", d.Title, d.Text)
				}
			}},
		{"password field in any case", `<form><input TYPE="PassWord" name=p></form>`, func(t *testing.T, d Doc) {
			if !d.LoginForm {
				t.Error("no login form")
			}
		}},
		{"a text field is no login form", `<form><input type="text"><input></form>`, func(t *testing.T, d Doc) {
			if d.LoginForm {
				t.Error("login form from text inputs")
			}
		}},
		{"control characters stripped", "<title>a\x1b[31mb\u202ec</title><p>x\x00y</p>", func(t *testing.T, d Doc) {
			if d.Title != "a[31mbc" || d.Text != "xy" {
				t.Errorf("title %q text %q", d.Title, d.Text)
			}
		}},
		{"image alts and sources, resources, meta refresh", `<meta http-equiv="Refresh" content="0; URL='https://acmebank.test/?ref=x'">
		<img src="/i/acmebank-logo.png" alt="Acme Bank"><script src="https://cdn.example/lander.js"></script>
		<iframe src="//frame.example/"></iframe><form action="https://collect.example/p"></form>`, func(t *testing.T, d Doc) {
			if d.Refresh != "https://acmebank.test/?ref=x" {
				t.Errorf("refresh %q", d.Refresh)
			}
			if !slices.Equal(d.Alts, []string{"Acme Bank"}) || !slices.Equal(d.ImgSrcs, []string{"/i/acmebank-logo.png"}) {
				t.Errorf("alts %q srcs %q", d.Alts, d.ImgSrcs)
			}
			want := []string{"https://cdn.example/lander.js", "//frame.example/", "https://collect.example/p"}
			if !slices.Equal(d.Resources, want) {
				t.Errorf("resources %q, want %q", d.Resources, want)
			}
		}},
		{"invalid UTF-8 dropped", "<title>ok\xff\xfe</title>", func(t *testing.T, d Doc) {
			if d.Title != "ok" {
				t.Errorf("title %q", d.Title)
			}
		}},
		{"no HTML at all", "", func(t *testing.T, d Doc) {
			if !d.Fingerprint.IsZero() {
				t.Errorf("fingerprint %+v of nothing", d.Fingerprint)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, Extract([]byte(tt.html))) })
	}
}

func TestBrandMentions(t *testing.T) {
	b := Brand{Domain: "acmebank.test", Terms: []string{"Acme Bank", "AcmePay"}}
	tests := []struct {
		name, html string
		want       []string
	}{
		{"name in title and text", `<title>ACME-BANK login</title><p>Welcome to Acme Bank</p>`, []string{"title", "text"}},
		{"logo by alt", `<img alt="Acme Bank logo" src="/x.png">`, []string{`logo "Acme Bank logo"`}},
		{"logo by file name", `<img src="/img/AcmeBank_Logo.svg?v=2">`, []string{`logo "AcmeBank_Logo.svg"`}},
		{"another term", `<p>pay with acmepay today</p>`, []string{"text", `term "acmepay"`}},
		{"nothing", `<title>Bakery</title><img alt="bread">`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := brandMentions(Extract([]byte(tt.html)), b); !slices.Equal(got, tt.want) {
				t.Errorf("mentions %q, want %q", got, tt.want)
			}
		})
	}
}

func TestContainsName(t *testing.T) {
	tests := []struct {
		text, key string
		want      bool
	}{
		{"Welcome to Acme Bank", "acmebank", true},
		{"acme-bank.com", "acmebank", true},
		{"an acmebanking offer", "acmebank", true},
		{"Log in to ING", "ing", true},
		{"nothing interesting", "ing", false}, // a short name must be a word
		{"HP printers", "hp", true},
		{"shipping", "hp", false},
	}
	for _, tt := range tests {
		if got := containsName(tt.text, tt.key); got != tt.want {
			t.Errorf("containsName(%q, %q) = %v, want %v", tt.text, tt.key, got, tt.want)
		}
	}
}

func TestSimilarity(t *testing.T) {
	brand := Extract([]byte(webtest.BrandPage("Acme Bank", "acmebank.test"))).Fingerprint
	tests := []struct {
		name     string
		html     string
		min, max int
	}{
		{"the page itself", webtest.BrandPage("Acme Bank", "acmebank.test"), 100, 100},
		{"another brand on the same template", webtest.BrandPage("Globex", "globex.test"), 80, 99},
		{"the kit: same markup, other words", webtest.KitPage("Acme Bank"), 40, 79},
		{"a bakery", webtest.UnrelatedPage, 0, 30},
		{"a lander", webtest.ParkedPage("acmebank-sale.test"), 0, 30},
		{"no HTML", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Similarity(Extract([]byte(tt.html)).Fingerprint, brand)
			if got < tt.min || got > tt.max {
				t.Errorf("similarity %d, want %d–%d", got, tt.min, tt.max)
			}
			if back := Similarity(brand, Extract([]byte(tt.html)).Fingerprint); back != got {
				t.Errorf("not symmetric: %d one way, %d the other", got, back)
			}
		})
	}
}

func TestParkedBy(t *testing.T) {
	long := strings.Repeat("word ", shortPage+1)
	tests := []struct {
		name, html, final string
		want              string // service, "" for not parked
	}{
		{"sedo lander code", `<script src="https://img.sedoparking.com/x.js"></script>`, "", "Sedo"},
		{"final URL at a marketplace", `<p>hello</p>`, "https://www.hugedomains.com/domain_profile.cfm?d=x", "HugeDomains"},
		{"generic notice on a short page", `<h1>This domain is for sale!</h1>`, "", ParkedForSale},
		{"generic notice on a long page", `<h1>This domain is for sale</h1><p>` + long + `</p>`, "", ""},
		{"generic notice beside a password field", `<p>buy this domain</p><input type=password>`, "", ""},
		{"a service's own notice on a long page", `<p>courtesy of godaddy.com: parked free, courtesy of godaddy.com</p><p>` + long + `</p>`, "", "GoDaddy CashParking"},
		{"a word that only contains the phrase", `<p>subdomain is for sale-ish</p>`, "", ""},
		{"a host that only ends like a service", `<script src="https://notsedo.com/x.js"></script>`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, why, ok := parkedBy(Extract([]byte(tt.html)), tt.final)
			if svc != tt.want || ok != (tt.want != "") {
				t.Errorf("parkedBy = %q, %v (%s), want %q", svc, ok, why, tt.want)
			}
		})
	}
}

func TestAffiliateParams(t *testing.T) {
	got := affiliateParams([]string{
		"http://acmebank-deals.test/go?ref=abc",
		"https://track.example/c?irclickid=77&x=1",
		"https://www.acmebank.test/?aff=lk-4711&lang=en&ref=abc",
	})
	want := []string{"ref=abc", "irclickid=77", "aff=lk-4711"}
	if !slices.Equal(got, want) {
		t.Errorf("affiliateParams = %q, want %q", got, want)
	}
}

func TestSiteMain(t *testing.T) {
	tests := []struct {
		name    string
		status  []int
		wantURL int
	}{
		{"first 2xx wins", []int{0, 500, 200, 200}, 2},
		{"else the first with a status", []int{0, 404, 500, 0}, 1},
		{"else the first", []int{0, 0, 0, 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Site{Name: "x.test"}
			for i, st := range tt.status {
				s.Pages = append(s.Pages, Page{URL: URLs("x.test")[i], Status: st})
			}
			if got := s.Main(); got != &s.Pages[tt.wantURL] {
				t.Errorf("Main() = %s, want %s", got.URL, s.Pages[tt.wantURL].URL)
			}
		})
	}
	if (*Site)(nil).Main() != nil {
		t.Error("nil site has a main page")
	}
}

// FuzzExtract feeds arbitrary bytes to the HTML reader: it must never panic,
// and what it returns must be clean, capped and self-similar.
func FuzzExtract(f *testing.F) {
	f.Add([]byte(webtest.BrandPage("Acme Bank", "acmebank.test")))
	f.Add([]byte(webtest.ParkedPage("x.test")))
	f.Add([]byte(`<meta http-equiv=refresh content="0;url=javascript:alert(1)"><input type=password><img alt="` + "\x00\u202e" + `">`))
	f.Add([]byte("<title>\xff</title><<<>>><!--"))
	f.Add([]byte(strings.Repeat("<div>", 1000)))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := Extract(b)
		for _, s := range append(append(append([]string{d.Title, d.Text, d.Refresh}, d.Alts...), d.ImgSrcs...), d.Resources...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
			if strings.IndexFunc(s, isControl) >= 0 {
				t.Fatalf("control character in %q", s)
			}
		}
		if len(d.Title) > 300 || len(d.Text) > maxTextBytes {
			t.Fatalf("title %d, text %d bytes: over the caps", len(d.Title), len(d.Text))
		}
		if len(d.Alts) > maxAttrs || len(d.Resources) > maxAttrs {
			t.Fatalf("%d alts, %d resources: over the cap", len(d.Alts), len(d.Resources))
		}
		fp := d.Fingerprint
		if len(fp.Structure) > maxStructure || !slices.IsSorted(fp.Structure) || len(slices.Compact(slices.Clone(fp.Structure))) != len(fp.Structure) {
			t.Fatalf("structure not sorted, unique and capped: %d entries", len(fp.Structure))
		}
		if !fp.IsZero() && Similarity(fp, fp) != 100 {
			t.Fatalf("a page is %d similar to itself", Similarity(fp, fp))
		}
		if s := Similarity(fp, Extract([]byte(webtest.BrandPage("Acme Bank", "acmebank.test"))).Fingerprint); s < 0 || s > 100 {
			t.Fatalf("similarity %d out of 0–100", s)
		}
	})
}

func TestMentionsLeaveOutTheOwnHost(t *testing.T) {
	b := Brand{Domain: "acmebank.test", Terms: []string{"Acme Bank"}}
	tests := []struct {
		name, html, url string
		want            []string
	}{
		{"a webmail login titled with its host", `<title>ACMEBANK-MAIL.test :: Welcome to Webmail</title><input type=password>`, "https://acmebank-mail.test/", nil},
		{"the host with www", `<p>www.acmebank-sale.test is for sale</p>`, "http://www.acmebank-sale.test/", nil},
		{"the brand named besides the host", `<title>acmebank-mail.test</title><p>Acme Bank customers sign in here</p>`, "https://acmebank-mail.test/", []string{"text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Page{URL: tt.url, FinalURL: tt.url}
			p.analyse([]byte(tt.html), b)
			if !slices.Equal(p.Mentions, tt.want) {
				t.Errorf("mentions %q, want %q", p.Mentions, tt.want)
			}
		})
	}
}
