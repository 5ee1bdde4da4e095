package audit

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestBareHost(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"legacy gTLD", "api.brand-support.com", true},
		{"two labels under a country code", "brand-help.fr", true},
		{"IDN country code", "brand.xn--p1ai", true},
		{"second-level suffix", "refunds.brand.co.uk", true},
		{"property path under a new gTLD", "user.name", false},
		{"i18n key under a new gTLD", "checkout.form.email", false},
		{"host under a new gTLD", "brand.shop", false},
		{"file extension country code", "readme.md", false},
		{"identifier country code", "order.id", false},
		{"three labels under a wordy country code", "mail.brand.me", true},
		{"upper case", "README.md", false},
		{"mixed case", "Api.Brand.com", false},
		{"member access", "window.location", false},
		{"version string", "1.2.3.com", false},
		{"no suffix", "localhost", false},
		{"special-use", "brand.test", false},
		{"public suffix alone", "co.uk", false},
		{"underscore", "_spf.brand.com", false},
		{"numeric TLD", "10.0.0.1", false},
		{"trailing hyphen", "brand-.com", false},
		{"empty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := bareHost(tc.in); ok != tc.ok {
				t.Errorf("bareHost(%q) = %v, want %v", tc.in, ok, tc.ok)
			}
		})
	}
}

func TestExtractScript(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"member access is not a host", `window.location.href = a.b; document.body.style`, nil},
		{"quoted host", `const h = "api.brand-support.com";`, []string{"js-host:api.brand-support.com"}},
		{"quoted host with path and port", `x('cdn.brand.fr:8443/v2/app.js')`, []string{"js-host:cdn.brand.fr"}},
		{"protocol-relative", `load('//static.brand.fr/a.js')`, []string{"js-url:static.brand.fr"}},
		{"URL in template literal", "fetch(`https://api.brand-pay.com/v1/${id}`)", []string{"js-url:api.brand-pay.com"}},
		{"placeholder host is skipped", "fetch(`https://${host}/v1`)", nil},
		{"escaped slashes", `{"u":"https:\/\/cdn.brand-static.com\/x"}`, []string{"js-url:cdn.brand-static.com"}},
		{"URL under a new gTLD", `go("https://brand.shop/")`, []string{"js-url:brand.shop"}},
		{"address", `alert("write to help@brand-help.fr")`, []string{"email:brand-help.fr"}},
		{"URL in a comment", "// see https://docs.brand-dev.com/api\nx()", []string{"js-url:docs.brand-dev.com"}},
		{"quote in a comment does not open a string", "// don't\nvar a = \"brand-cdn.com\";", []string{"js-host:brand-cdn.com"}},
		{"block comment skipped for bare names", `/* "brand-old.com" */ var b = 1`, nil},
		{"i18n keys", `t("user.name"); t("form.email"); t("order.id"); t('readme.md')`, nil},
		{"sentence in a string", `msg = "see brand.fr now"`, nil},
		{"IP address", `fetch("http://10.1.2.3/x")`, nil},
		{"special-use host", `fetch("https://brand.example/x")`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refs := ExtractScript(tc.in, "t.js")
			for _, r := range refs {
				checkRef(t, r)
			}
			if got := hosts(refs); !slices.Equal(got, tc.want) {
				t.Errorf("ExtractScript(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestExtractScriptLines(t *testing.T) {
	refs := ExtractScript("a()\n\nvar x = `multi\nline`; var y = \"api.brand-support.com\"\n", "app.js")
	if len(refs) != 1 || refs[0].Source != "app.js:4" {
		t.Fatalf("got %+v, want one ref at app.js:4", refs)
	}
	refs = ExtractScript(`var y = "api.brand-support.com"`, "https://www.brand.fr/app.js")
	if len(refs) != 1 || refs[0].Source != "https://www.brand.fr/app.js" {
		t.Fatalf("a URL source takes no line number: %+v", refs)
	}
}

func TestExtractScriptGolden(t *testing.T) {
	for _, name := range []string{"site/js/app.js", "site/manifest.json"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			var c collector
			if filepath.Ext(name) == ".json" {
				extractJSON(&c, string(data), newLocator(name))
			} else {
				c.addAll(ExtractScript(string(data), name))
			}
			goldenFile(t, "extract/"+filepath.Base(name)+".golden", formatRefs(c.refs))
		})
	}
}

func FuzzExtractScript(f *testing.F) {
	for _, s := range []string{
		`fetch("https://api.brand.com/x")`, `'//cdn.brand.fr/a.js'`, "`${a}.brand.fr`",
		`/* "x.com" */ "a@b.fr"`, `"\u0041.com" 'unterminated`, "\"api.brand-support.com\"\n'//x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range ExtractScript(s, "f.js") {
			checkRef(t, r)
		}
	})
}
