package takedown

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/golden"
	"github.com/lookalike/lookalike/rdap"
)

var testNow = time.Date(2026, 12, 2, 6, 30, 0, 0, time.UTC)

// registry plays every RDAP server of the tests behind one loopback
// listener: the .com registry at /registry/, ARIN at /arin/ (which sends
// RIPE's space on to RIPE) and RIPE at /ripe/. The client reaches them as
// http://127.0.0.1/... and http://127.0.0.2/..., stable names for golden
// files, through a dialer that always connects to the listener.
func registry(t *testing.T) *rdap.Client {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/registry/domain/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		switch name {
		case "acmebank-login.com":
			fmt.Fprint(w, domainObject(name, `[{"objectClassName": "entity", "roles": ["abuse"], "vcardArray": ["vcard", [
				["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse Contact"],
				["tel", {"type": "voice"}, "uri", "tel:+1.4805058800"], ["email", {}, "text", "abuse@registrar.example"]]]}]`))
		case "acmebnk.com":
			fmt.Fprint(w, domainObject(name, `[]`)) // no abuse entity at all
		case "acmebamk.com":
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			http.NotFound(w, r)
		}
	})
	mux.HandleFunc("/arin/ip/{addr}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("addr") {
		case "198.51.100.7":
			// Transferred to RIPE: ARIN says where to ask.
			http.Redirect(w, r, "http://127.0.0.2/ripe/ip/198.51.100.7", http.StatusMovedPermanently)
		case "203.0.113.5":
			fmt.Fprint(w, `{"objectClassName": "ip network", "handle": "NET-203-0-113-0-1", "name": "QUIET-NET",
				"startAddress": "203.0.113.0", "endAddress": "203.0.113.255", "country": "US", "entities": []}`)
		default:
			http.NotFound(w, r)
		}
	})
	mux.HandleFunc("/ripe/ip/{addr}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"objectClassName": "ip network", "handle": "198.51.100.0 - 198.51.100.255", "name": "EXAMPLE-HOSTING\u001b[2J",
			"startAddress": "198.51.100.0", "endAddress": "198.51.100.255", "country": "NL",
			"entities": [{"objectClassName": "entity", "handle": "ORG-EH1-RIPE", "roles": ["registrant"], "entities": [
				{"objectClassName": "entity", "handle": "AR1-RIPE", "roles": ["abuse"], "vcardArray": ["vcard", [
					["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse contact"],
					["email", {}, "text", "abuse@hosting.example"]]]}]}]}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	dns, err := rdap.LoadBootstrap(strings.NewReader(`{"services": [[["com"], ["http://127.0.0.1/registry/"]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	return rdap.New(rdap.Options{Bootstrap: dns, HTTPClient: &http.Client{Transport: tr}, PerHostRate: 1000, MaxRetries: 1})
}

func domainObject(name, abuse string) string {
	return `{"objectClassName": "domain", "ldhName": "` + name + `", "entities": [{"objectClassName": "entity",
		"roles": ["registrar"], "publicIds": [{"type": "IANA Registrar ID", "identifier": "146"}],
		"vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Example Registrar, Inc."]]],
		"entities": ` + abuse + `}]}`
}

func testIPBootstrap(t *testing.T) *rdap.IPBootstrap {
	t.Helper()
	b, err := rdap.LoadIPBootstrap(strings.NewReader(`{"services": [[["198.51.100.0/24", "203.0.113.0/24"], ["http://127.0.0.1/arin/"]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testScreenshot(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "shot.png")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func testEvidence(t *testing.T) []Evidence {
	return []Evidence{
		{
			Domain: "acmebank-login.com", Brand: "acmebank.com", Verdict: "impersonating", Risk: 99,
			NS: []string{"ns1.example-dns.net"}, A: []string{"198.51.100.7", "10.0.0.1"}, MX: []string{"10 mail.acmebank-login.com"},
			Observed: testNow.Add(-time.Hour), FirstSeen: time.Date(2026, 11, 20, 2, 15, 0, 0, time.UTC),
			Evidence:   []string{"mx mail.acmebank-login.com"},
			Web:        []string{"login form with the brand's name\r\nBcc: someone@example.com", "page 91% like the brand's"},
			Screenshot: testScreenshot(t),
		},
		{Domain: "ACMEBNK.com.", Brand: "acmebank.com", Verdict: "third-party", Risk: 80, A: []string{"203.0.113.5"}},
		{Domain: "acmebamk.com", Brand: "acmebank.com", Verdict: "third-party", Risk: 61},
	}
}

func TestPrepareGolden(t *testing.T) {
	dir := t.TempDir()
	s, err := Prepare(context.Background(), Options{
		RDAP: registry(t), IPBootstrap: testIPBootstrap(t),
		From: "Acme Bank Security <security@acmebank.com>", Organisation: "Acme Bank",
		OutDir: dir, Now: testNow,
	}, testEvidence(t))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", filepath.Base(f)), data)
	}
	want := []string{"acmebank-login.com.hosting.eml", "acmebank-login.com.registrar.eml", SummaryFile}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("files %q, want %q", names, want)
	}
	if len(s.Requests) != 3 {
		t.Fatalf("%d requests", len(s.Requests))
	}
	wantProblems := []string{"not public", "registrar Example Registrar, Inc. publishes no abuse e-mail", "QUIET-NET publishes no abuse e-mail", "RDAP throttled"}
	all := ""
	for _, r := range s.Requests {
		all += strings.Join(r.Problems, "\n") + "\n"
	}
	for _, w := range wantProblems {
		if !strings.Contains(all, w) {
			t.Errorf("problems lack %q:\n%s", w, all)
		}
	}
}

// TestMessagesAreWellFormed parses what Prepare wrote as a mail reader
// would: one To that is the abuse address, headers on their lines, a text
// part and the attachments.
func TestMessagesAreWellFormed(t *testing.T) {
	dir := t.TempDir()
	if _, err := Prepare(context.Background(), Options{RDAP: registry(t), IPBootstrap: testIPBootstrap(t),
		From: "security@acmebank.com", OutDir: dir, Now: testNow}, testEvidence(t)[:1]); err != nil {
		t.Fatal(err)
	}
	for file, to := range map[string]string{"acmebank-login.com.registrar.eml": "abuse@registrar.example", "acmebank-login.com.hosting.eml": "abuse@hosting.example"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			msg, err := mail.ReadMessage(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if got := msg.Header.Get("To"); got != "<"+to+">" {
				t.Errorf("To %q, want <%s>", got, to)
			}
			if msg.Header.Get("Bcc") != "" || msg.Header.Get("Cc") != "" {
				t.Error("a header came out of the evidence")
			}
			_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
			if err != nil {
				t.Fatal(err)
			}
			mr := multipart.NewReader(msg.Body, params["boundary"])
			var parts []string
			var text string
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(p)
				parts = append(parts, p.Header.Get("Content-Type"))
				if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
					text = string(body)
				}
				if p.FileName() == "evidence.json" {
					var ev map[string]any
					raw, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(body), "\r\n", ""))
					if err != nil {
						t.Fatal(err)
					}
					if err := json.Unmarshal(raw, &ev); err != nil {
						t.Errorf("evidence.json: %v", err)
					}
				}
			}
			if len(parts) != 3 || !strings.HasPrefix(parts[2], "image/png") {
				t.Errorf("parts %q, want text, evidence.json and the screenshot", parts)
			}
			for _, want := range []string{"acmebank-login.com NS ns1.example-dns.net", "First seen registered: 2026-11-20", "- web: login form with the brand's name Bcc"} {
				if !strings.Contains(text, want) {
					t.Errorf("text lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "\x1b") {
				t.Error("an escape sequence from RDAP reached the text")
			}
		})
	}
}

func TestPrepareRefuses(t *testing.T) {
	c := registry(t)
	tests := []struct {
		name string
		opts Options
		evs  []Evidence
		want string
	}{
		{"no from", Options{OutDir: t.TempDir()}, nil, "no From"},
		{"bad from", Options{From: "security at acme", OutDir: t.TempDir()}, nil, "from \"security at acme\""},
		{"no dir", Options{From: "a@b.example"}, nil, "--out DIR"},
		{"bad domain", Options{From: "a@b.example", OutDir: t.TempDir(), RDAP: c}, []Evidence{{Domain: "x.com\r\nBcc: y"}}, "not a"},
		{"single label", Options{From: "a@b.example", OutDir: t.TempDir(), RDAP: c}, []Evidence{{Domain: "localhost"}}, "not a domain"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Prepare(context.Background(), tc.opts, tc.evs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// FuzzDomainName: whatever the caller hands in, a name that passes is a
// plain host name: it names files and goes into a Subject.
func FuzzDomainName(f *testing.F) {
	for _, s := range []string{"acmebank-login.com", "ÀCMEBANK.com.", "x.com\r\nBcc: y", "../../etc/passwd", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := domainName(s)
		if err != nil {
			return
		}
		if strings.Contains(n, "..") || strings.HasPrefix(n, ".") || strings.ContainsAny(n, "/\\ \r\n") {
			t.Fatalf("%q gave %q", s, n)
		}
		if filepath.Base(n) != n {
			t.Fatalf("%q gave %q, which is a path", s, n)
		}
	})
}
