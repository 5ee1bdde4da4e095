package audit

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestExtractHTML(t *testing.T) {
	base, _ := url.Parse("https://www.brand.fr/fr/page.html")
	tests := []struct {
		name string
		base *url.URL
		in   string
		want []string
	}{
		{"form action", nil, `<form action="https://websupport-brand.fr/refund" method=post>`,
			[]string{"form-action:websupport-brand.fr"}},
		{"relative form action takes the base host", base, `<form action="/refund">`,
			[]string{"form-action:www.brand.fr"}},
		{"relative URL without a base names no host", nil, `<form action="/refund"><a href="x.html">`, nil},
		{"formaction on a button", nil, `<button formaction="https://pay.brand-pay.com/go">`,
			[]string{"form-action:pay.brand-pay.com"}},
		{"base href", nil, `<base href="https://cdn.brand-cdn.com/"><img src="a.png">`,
			[]string{"link:cdn.brand-cdn.com", "img:cdn.brand-cdn.com"}},
		{"srcset", nil, `<img srcset="https://a.brand-img.com/1.png 1x, https://b.brand-img2.com/2.png 2x">`,
			[]string{"img:a.brand-img.com", "img:b.brand-img2.com"}},
		{"stylesheet and other link", nil, `<link rel="stylesheet" href="https://css.brand.fr/s.css"><link rel=icon href="https://ico.brand.fr/i.ico">`,
			[]string{"stylesheet:css.brand.fr", "link:ico.brand.fr"}},
		{"mailto with several addresses", nil, `<a href="mailto:a@brand-a.fr,b@brand-b.fr?cc=c@brand-c.fr">`,
			[]string{"mailto:brand-a.fr", "mailto:brand-b.fr", "mailto:brand-c.fr"}},
		{"address in text and attribute", nil, `<p title="x@brand-t.fr">Write to help@brand-help.fr.</p>`,
			[]string{"email:brand-t.fr", "email:brand-help.fr"}},
		{"meta refresh", nil, `<meta http-equiv="Refresh" content="3; URL='https://new.brand-new.fr/'">`,
			[]string{"meta-refresh:new.brand-new.fr"}},
		{"meta refresh without url", nil, `<meta http-equiv="refresh" content="30">`, nil},
		{"data attribute and og:url", nil, `<div data-api="https://api.brand-api.com/v1"></div><meta property="og:url" content="https://www.brand.fr/">`,
			[]string{"attr-url:api.brand-api.com", "attr-url:www.brand.fr"}},
		{"inline script", nil, `<script>fetch("https://api.brand-pay.com/x")</script>`,
			[]string{"js-url:api.brand-pay.com"}},
		{"JSON-LD", nil, `<script type="application/ld+json">{"url":"https://www.brand.fr","h":"cdn.brand-cdn.com"}</script>`,
			[]string{"json-url:www.brand.fr", "json-host:cdn.brand-cdn.com"}},
		{"event handler and javascript: URL", nil, `<a onclick="go('https://x.brand-go.com/')" href="javascript:open('https://y.brand-open.com/')">`,
			[]string{"js-url:x.brand-go.com", "js-url:y.brand-open.com"}},
		{"CSS url() in style element and attribute", nil, `<style>body{background:url("https://img.brand-bg.com/a.jpg")} @import 'https://css.brand-imp.com/b.css';</style><div style="background:url(https://img.brand-div.com/c.png)">`,
			[]string{"stylesheet:img.brand-bg.com", "stylesheet:css.brand-imp.com", "stylesheet:img.brand-div.com"}},
		{"noscript markup is read", nil, `<noscript><img src="https://px.brand-track.com/p.gif"></noscript>`,
			[]string{"img:px.brand-track.com"}},
		{"iframe, video, embed, object", nil, `<iframe src="https://w.brand-chat.com/"></iframe><video src="https://v.brand-vid.com/a.mp4" poster="https://p.brand-vid.com/p.jpg"></video><embed src="https://e.brand-emb.com/x"><object data="https://o.brand-obj.com/x"></object>`,
			[]string{"iframe:w.brand-chat.com", "media:v.brand-vid.com", "media:p.brand-vid.com", "media:e.brand-emb.com", "media:o.brand-obj.com"}},
		{"URL and bare host in text, comment URL", nil, "<p>Visit brand-deals.fr or https://www.brand-deals2.com/x.</p><!-- https://old.brand-old.com/ -->",
			[]string{"text-url:www.brand-deals2.com", "text-host:brand-deals.fr", "text-url:old.brand-old.com"}},
		{"tel, fragment, IP and special-use hosts are skipped", nil, `<a href="tel:+331">x</a><a href="#top">y</a><img src="http://192.0.2.1/a.png"><a href="https://intranet.test/">z</a>`, nil},
		{"IDN host becomes an A-label", nil, `<a href="https://www.àirbrand.fr/">x</a>`,
			[]string{"link:www.xn--irbrand-7va.fr"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs, err := ExtractHTML(strings.NewReader(tc.in), tc.base, "t.html")
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range refs {
				checkRef(t, r)
			}
			if got := hosts(refs); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestExtractHTMLLines(t *testing.T) {
	in := "<html>\n<body>\n<form method=post\n      action=\"https://websupport-brand.fr/r\">\n<script>\n\nfetch('https://api.brand-pay.com/')\n</script>\n<p>\nmail help@brand-help.fr</p>"
	refs, err := ExtractHTML(strings.NewReader(in), nil, "refund.html")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"refund.html:4", "refund.html:7", "refund.html:10"}
	var got []string
	for _, r := range refs {
		got = append(got, r.Source)
	}
	if !slices.Equal(got, want) {
		t.Errorf("sources %q, want %q", got, want)
	}
}

// TestExtractHTMLGolden reads every page of the test site as a file would be
// read, with the site's public base URL.
func TestExtractHTMLGolden(t *testing.T) {
	root := filepath.Join("testdata", "site")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			base, _ := url.Parse("https://www.airbrand.fr/" + filepath.ToSlash(rel))
			refs, err := ExtractHTML(f, base, filepath.ToSlash(rel))
			if err != nil {
				t.Fatal(err)
			}
			goldenFile(t, "extract/"+strings.ReplaceAll(filepath.ToSlash(rel), "/", "_")+".golden", formatRefs(refs))
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func FuzzExtractHTML(f *testing.F) {
	for _, s := range []string{
		`<form action="https://websupport-brand.fr/x"><a href="mailto:a@b.fr">`,
		`<script>fetch("//cdn.brand.fr")</script><img srcset=",, x 2x">`,
		`<meta http-equiv=refresh content="0;url=">`, `<base href="::"><a href="x">`,
		"<p>\n<!-- https://a.com -->\n<style>url(</style>",
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://www.brand.fr/")
	f.Fuzz(func(t *testing.T, s string) {
		refs, err := ExtractHTML(strings.NewReader(s), base, "f.html")
		if err != nil {
			t.Fatalf("a strings.Reader cannot fail, yet: %v", err)
		}
		for _, r := range refs {
			checkRef(t, r)
		}
	})
}
