package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// htmlFixture is exportFixture with what an attacker controls turned
// against the page: evidence and a registrar that hold markup, and a
// screenshot.
func htmlFixture(t *testing.T) []Record {
	t.Helper()
	shot := filepath.Join(t.TempDir(), "acmebank-secure.com.png")
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := range 4 {
		img.Set(x, 1, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shot, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	recs := exportFixture()
	for i, r := range recs {
		switch Text(r.Get("domain")) {
		case "acmebank-secure.com":
			recs[i] = append(r, Field{Key: "screenshot", Value: shot})
		case "acmebank-login.com":
			for j := range r {
				switch r[j].Key {
				case "evidence":
					r[j].Value = `title "</td><script>alert(1)</script><img src=https://evil.example/x.png>"; mx mail.acmebank-login.com`
				case "registrar":
					r[j].Value = "Evil <b>Registrar</b>\x1b[31m"
				}
			}
		}
	}
	return recs
}

var htmlHistoryFixture = &HTMLHistory{
	Changes: []HTMLChange{
		{Brand: "acmebank.com", Domain: "acmebank-secure.com", Kind: "newly-registered", Verdict: "impersonating", Risk: 99},
		{Brand: "acmebank.com", Domain: "acmebank.org", Kind: "records-changed", Field: "ns", Before: "ns1.example.net", After: "ns1.sedoparking.com", Verdict: "parked", Risk: 65},
	},
	Runs: []HTMLRun{
		{Started: time.Date(2026, 11, 30, 2, 15, 0, 0, time.UTC), Counts: map[string]int{"third-party": 3, "parked": 0, "defend": 9, "owned": 1}},
		{Started: time.Date(2026, 12, 1, 2, 15, 0, 0, time.UTC), Counts: map[string]int{"third-party": 4, "parked": 1, "defend": 8, "owned": 1}},
		{Label: "today", Counts: map[string]int{"impersonating": 1, "third-party": 6, "parked": 1, "defend": 1, "owned": 1, "unknown": 1}},
	},
}

func renderHTML(t *testing.T, o HTMLOptions, recs []Record) string {
	t.Helper()
	var buf bytes.Buffer
	w := NewHTMLWriter(&buf, o)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestHTMLGolden(t *testing.T) {
	got := renderHTML(t, HTMLOptions{Budget: 1, History: htmlHistoryFixture}, htmlFixture(t))
	goldenFile(t, "report.html", []byte(got))
}

// TestHTMLEscapes: nothing from a record becomes markup, and no URL but a
// data: image appears in an attribute that loads something.
func TestHTMLEscapes(t *testing.T) {
	got := renderHTML(t, HTMLOptions{}, htmlFixture(t))
	for _, bad := range []string{"<script>alert", "<b>Registrar", "<img src=https", "\x1b"} {
		if strings.Contains(got, bad) {
			t.Errorf("the page holds %q unescaped", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "Evil &lt;b&gt;Registrar&lt;/b&gt;"} {
		if !strings.Contains(got, want) {
			t.Errorf("the page lacks the escaped text %q", want)
		}
	}
	loads := regexp.MustCompile(`(?i)\b(src|href|action|srcset|poster|data)\s*=\s*"([^"]*)"`)
	for _, m := range loads.FindAllStringSubmatch(got, -1) {
		if !strings.HasPrefix(m[2], "data:") {
			t.Errorf("%s=%q loads something outside the file", m[1], m[2])
		}
	}
	if strings.Contains(got, "url(") || strings.Contains(got, "@import") {
		t.Error("the CSS refers to something outside the file")
	}
}

// TestHTMLContentSecurityPolicy: the policy's hashes are those of the
// inline style and script as written, or a browser would refuse them.
func TestHTMLContentSecurityPolicy(t *testing.T) {
	got := renderHTML(t, HTMLOptions{}, exportFixture())
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(got)
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(got)
	csp := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]*)"`).FindStringSubmatch(got)
	if style == nil || script == nil || csp == nil {
		t.Fatalf("style, script or policy missing")
	}
	policy := strings.ReplaceAll(csp[1], "&#39;", "'")
	for _, want := range []string{"default-src 'none'", "style-src " + hash(style[1]), "script-src " + hash(script[1]), "img-src data:"} {
		if !strings.Contains(policy, want) {
			t.Errorf("policy %q lacks %q", policy, want)
		}
	}
}

func TestHTMLSections(t *testing.T) {
	recs := exportFixture()
	tests := []struct {
		name string
		opts HTMLOptions
		want []string
		not  []string
	}{
		{
			name: "every name, by risk, sections in order of urgency",
			want: []string{`id="impersonating"`, `id="third-party"`, `id="parked"`, `id="owned"`, `id="defend"`, `id="unknown"`},
		},
		{
			name: "budget marks the first defend names",
			opts: HTMLOptions{Budget: 5},
			want: []string{`class="budget"`, "The 1 marked are the budget"},
		},
		{
			name: "max rows keeps the riskiest",
			opts: HTMLOptions{MaxRows: 1},
			want: []string{"Registered by third parties: 8 (the 1 riskiest shown)", "acmebank-login.com"},
			not:  []string{">acmebank.ws<"},
		},
		{
			name: "no history, no history section",
			not:  []string{`id="history"`, "<svg"},
		},
		{
			name: "history: changes and chart",
			opts: HTMLOptions{History: htmlHistoryFixture, Title: "Nightly <scan>"},
			want: []string{`id="history"`, "newly-registered", "ns1.sedoparking.com", "<svg", "<polyline", ">11-30<", ">today<", "<title>Nightly &lt;scan&gt;</title>"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := renderHTML(t, tc.opts, recs)
			last := -1
			for _, w := range tc.want {
				i := strings.Index(got, w)
				if i < 0 {
					t.Errorf("page lacks %q", w)
				}
				if tc.name == "every name, by risk, sections in order of urgency" {
					if i < last {
						t.Errorf("%q comes out of order", w)
					}
					last = i
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("page holds %q", w)
				}
			}
		})
	}
}

func TestInlineImage(t *testing.T) {
	dir := t.TempDir()
	var pngBytes bytes.Buffer
	png.Encode(&pngBytes, image.NewGray(image.Rect(0, 0, 2, 2)))
	files := map[string][]byte{
		"ok.png":    pngBytes.Bytes(),
		"page.png":  []byte("<html><script>alert(1)</script></html>"), // named .png, is HTML
		"empty.png": nil,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, file string
		max        int64
		want       string // prefix; "" for left out
	}{
		{"png", "ok.png", 1 << 20, "data:image/png;base64,iVBOR"},
		{"too large", "ok.png", 10, ""},
		{"not an image", "page.png", 1 << 20, ""},
		{"empty", "empty.png", 1 << 20, ""},
		{"missing", "nope.png", 1 << 20, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(inlineImage(filepath.Join(dir, tc.file), tc.max))
			if (tc.want == "") != (got == "") || !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %.40q, want prefix %q", got, tc.want)
			}
		})
	}
}
