package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/smtpbanner"
	"github.com/lookalike/lookalike/web"
)

// webFindings are the findings of a run with --web and --smtp-banner: a
// login page that names the brand, and a name that was not examined.
func webFindings(t *testing.T) []judge.Finding {
	t.Helper()
	p := testProfile(t)
	kit := result(t, "airfrance.fr", "airfrance-login.fr", resolve.Registered)
	kit.NS, kit.A, kit.MX = []string{"ns1.evil-dns.net"}, []string{"203.0.113.5"}, []string{"mail.airfrance-login.fr"}
	page := &web.Record{
		URL: "https://airfrance-login.fr/", Status: 200, Title: "Air France – Sign in", LoginForm: true,
		Mentions: []string{"title"}, Similarity: 41,
		TLS:     &web.Cert{Issuer: "Test CA", NotBefore: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), SANs: []string{"airfrance-login.fr"}, Invalid: "unknown authority"},
		Signals: []web.Signal{{Kind: web.Impersonating, Evidence: "login form naming airfrance", Why: "https://airfrance-login.fr/ asks for a password and names the brand (title)", URL: "https://airfrance-login.fr/"}},
	}
	banners := []smtpbanner.Banner{{Host: "mail.airfrance-login.fr", Addr: "203.0.113.5:25", Code: 220, Greeting: []string{"mail ESMTP"}, EHLOCode: 250, Capabilities: []string{"STARTTLS"}, Accepts: true}}
	imp := judge.JudgeWeb(p, kit, testNow, &judge.Web{Fetch: true, Banners: true, Page: page, SMTP: banners})
	plain := judge.JudgeWeb(p, result(t, "airfrance.fr", "airfrsnce.fr", resolve.Unregistered), testNow, &judge.Web{Fetch: true, Banners: true})
	return []judge.Finding{imp, plain}
}

func TestFindingRecordWeb(t *testing.T) {
	fs := webFindings(t)
	var buf bytes.Buffer
	w := NewWriter(&buf, FormatJSONL, TableOptions{})
	for _, f := range fs {
		if err := w.Write(FindingRecord(f)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), buf.String())
	}
	for _, want := range []string{
		`"verdict":"impersonating"`,
		`"evidence":"login form naming airfrance; smtp mail.airfrance-login.fr accepts mail sessions; mx mail.airfrance-login.fr`,
		`"web":{"url":"https://airfrance-login.fr/","status":200,`,
		`"login_form":true`,
		`"similarity":41`,
		`"tls":{"issuer":"Test CA"`,
		`"signals":[{"kind":"impersonating","evidence":"login form naming airfrance"`,
		`"smtp":[{"host":"mail.airfrance-login.fr","addr":"203.0.113.5:25","code":220`,
		`"accepts":true`,
	} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("impersonating record lacks %s:\n%s", want, lines[0])
		}
	}
	// A name that was not examined keeps the keys, so that every record
	// of the stream has the same fields.
	if !strings.HasSuffix(lines[1], `"web":null,"smtp":[]}`) {
		t.Errorf("unexamined record ends %q, want web null and smtp []", lines[1][max(0, len(lines[1])-60):])
	}
	// Without --web the fields are not there at all.
	plain := judge.Judge(testProfile(t), result(t, "airfrance.fr", "airfrsnce.fr", resolve.Unregistered), testNow)
	if r := FindingRecord(plain); r.Get("web") != nil || len(r) != len(FindingRecord(fs[1]))-2 {
		t.Errorf("record without --web has %d fields, want 2 fewer than with", len(r))
	}
}

func TestSectionsImpersonating(t *testing.T) {
	tests := []struct {
		name     string
		findings func(t *testing.T) []judge.Finding
		want     []string
	}{
		{
			name:     "impersonating leads the report",
			findings: webFindings,
			want: []string{
				"Impersonating the brand: act now: 1\nRISK  MAIL  DOMAIN              EVIDENCE\n",
				"yes   airfrance-login.fr  login form naming airfrance; smtp mail.airfrance-login.fr accepts mail sessions",
			},
		},
		{
			name: "a run with --web that found none says none",
			findings: func(t *testing.T) []judge.Finding {
				return webFindings(t)[1:]
			},
			want: []string{"Impersonating the brand: act now: 0\nnone\n"},
		},
		{
			name: "a run without --web says it did not look",
			findings: func(t *testing.T) []judge.Finding {
				return []judge.Finding{judge.Judge(testProfile(t), result(t, "airfrance.fr", "airfrsnce.fr", resolve.Unregistered), testNow)}
			},
			want: []string{"Impersonating the brand: act now: 0\nnone looked for: pages are examined with --web\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSections(5)
			for _, f := range tt.findings(t) {
				s.Add(f)
			}
			var buf bytes.Buffer
			if err := s.WriteTable(&buf, false); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if i, j := strings.Index(out, "Impersonating"), strings.Index(out, "Register these first"); i < 0 || j < i {
				t.Errorf("impersonating section not before defend:\n%s", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("table lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
