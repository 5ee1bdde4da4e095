package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	pngpkg "image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
)

// rdapWorld plays the .fr registry and a RIR on a loopback httptest server
// and writes the bootstrap files that send the CLI there.
func rdapWorld(t *testing.T, dir string) (dnsBootstrap, ipBootstrap string) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/registry/domain/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		if name != "irfrance.fr" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `{"objectClassName": "domain", "ldhName": "`+name+`", "entities": [{"objectClassName": "entity",
			"roles": ["registrar"], "publicIds": [{"type": "IANA Registrar ID", "identifier": "146"}],
			"vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Example Registrar SAS"]]],
			"entities": [{"objectClassName": "entity", "roles": ["abuse"], "vcardArray": ["vcard", [
				["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse"], ["email", {}, "text", "abuse@registrar.example"]]]}]}]}`)
	})
	mux.HandleFunc("/rir/ip/{addr}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"objectClassName": "ip network", "handle": "NET-192-0-2-0", "name": "EXAMPLE-HOSTING",
			"startAddress": "192.0.2.0", "endAddress": "192.0.2.255", "country": "FR",
			"entities": [{"objectClassName": "entity", "roles": ["abuse"], "vcardArray": ["vcard", [
				["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse desk"], ["email", {}, "text", "abuse@hosting.example"]]]}]}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	dnsBootstrap = filepath.Join(dir, "dns.json")
	ipBootstrap = filepath.Join(dir, "ipv4.json")
	os.WriteFile(dnsBootstrap, []byte(`{"services": [[["fr"], ["`+srv.URL+`/registry/"]]]}`), 0o644)
	os.WriteFile(ipBootstrap, []byte(`{"services": [[["192.0.2.0/24"], ["`+srv.URL+`/rir/"]]]}`), 0o644)
	return dnsBootstrap, ipBootstrap
}

// countingListener accepts connections only to count them: an SMTP server
// that must never be reached.
func countingListener(t *testing.T) (addr string, conns *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	conns = new(atomic.Int32)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Close()
		}
	}()
	return ln.Addr().String(), conns
}

// takedownState scans verdictWorld into a state, irfrance.fr (third-party)
// with an address, and returns the state's path.
func takedownState(t *testing.T, dir string) string {
	t.Helper()
	s := verdictWorld(t)
	s.Handle("irfrance.fr", dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A("irfrance.fr", "192.0.2.10")}})
	state := filepath.Join(dir, "state.db")
	if code, _, errs := runCLI(t, false, cronArgs(s, state)...); code != 0 {
		t.Fatalf("scan: exit %d: %s", code, errs)
	}
	return state
}

func TestTakedownWritesRequestsFromState(t *testing.T) {
	dir := t.TempDir()
	state := takedownState(t, dir)
	dnsB, ipB := rdapWorld(t, dir)
	smtpAddr, conns := countingListener(t)
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("org: Air France CERT\nnotify:\n  email:\n    smtp: "+smtpAddr+"\n    from: lookalike@airfrance.example\n    to: [brand-protection@airfrance.example]\n"), 0o644)
	out := filepath.Join(dir, "takedown")
	code, stdout, errs := runCLI(t, false, "takedown", "irfrance.fr", "--state", state, "--out", out, "--config", cfg,
		"--from", "security@airfrance.example", "--rdap-bootstrap", dnsB, "--rdap-ip-bootstrap", ipB)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if n := conns.Load(); n != 0 {
		t.Errorf("without --send the SMTP server was reached %d times", n)
	}
	if !strings.Contains(errs, "nothing sent") {
		t.Errorf("stderr does not say nothing was sent: %s", errs)
	}
	goldenFile(t, "takedown", stdout)
	emls, _ := filepath.Glob(filepath.Join(out, "*.eml"))
	if len(emls) != 2 {
		t.Fatalf("eml files = %v, want one for the registrar and one for the host", emls)
	}
	tests := []struct{ name, file, to string }{
		{"registrar", "irfrance.fr.registrar.eml", "abuse@registrar.example"},
		{"hosting", "irfrance.fr.hosting.eml", "abuse@hosting.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The text is quoted-printable: join its soft line breaks.
			m := strings.NewReplacer("=\r\n", "", "=\n", "").Replace(readFile(t, filepath.Join(out, tt.file)))
			for _, want := range []string{"To: <" + tt.to + ">", "From: <security@airfrance.example>", "Air France CERT", "mail.cloudhost.example", "third-party", "First seen registered: "} {
				if !strings.Contains(m, want) {
					t.Errorf("%s lacks %q", tt.file, want)
				}
			}
		})
	}
	var sum struct {
		Requests []struct {
			Domain, Verdict string
			Registrar       struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(out, "takedown.json"))), &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Requests) != 1 || sum.Requests[0].Verdict != "third-party" || sum.Requests[0].Registrar.Name != "Example Registrar SAS" {
		t.Errorf("takedown.json = %+v", sum)
	}
}

func TestTakedownSend(t *testing.T) {
	dir := t.TempDir()
	state := takedownState(t, dir)
	dnsB, ipB := rdapWorld(t, dir)
	sink := newSMTPSink(t)
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("notify:\n  email:\n    smtp: "+sink.addr+"\n    from: lookalike@airfrance.example\n    to: [brand-protection@airfrance.example]\n"), 0o644)
	args := []string{"takedown", "irfrance.fr", "--state", state, "--out", filepath.Join(dir, "out"), "--config", cfg,
		"--from", "security@airfrance.example", "--rdap-bootstrap", dnsB, "--rdap-ip-bootstrap", ipB, "--send"}
	if code, _, errs := runCLI(t, false, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	sink.mu.Lock()
	var tos []string
	for _, m := range sink.mail {
		for l := range strings.SplitSeq(m, "\r\n") {
			if strings.HasPrefix(l, "To: ") {
				tos = append(tos, strings.Trim(strings.TrimPrefix(l, "To: "), "<>"))
			}
		}
	}
	sink.mu.Unlock()
	slices.Sort(tos)
	if !slices.Equal(tos, []string{"abuse@hosting.example", "abuse@registrar.example"}) {
		t.Errorf("sent to %q, want the registrar's and the host's abuse desks", tos)
	}

	// An SMTP server that refuses every message for good: exit 1.
	refuser, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { refuser.Close() })
	go func() {
		for {
			c, err := refuser.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("554 5.7.1 no mail from you\r\n"))
			c.Close()
		}
	}()
	os.WriteFile(cfg, []byte("notify:\n  email:\n    smtp: "+refuser.Addr().String()+"\n    from: lookalike@airfrance.example\n    to: [brand-protection@airfrance.example]\n"), 0o644)
	code, _, errs := runCLI(t, false, args...)
	if code != exitFailure || !strings.Contains(errs, "not sent") {
		t.Errorf("failed send: exit %d, %s", code, errs)
	}
}

func TestTakedownRefusals(t *testing.T) {
	dir := t.TempDir()
	state := takedownState(t, dir)
	dnsB, ipB := rdapWorld(t, dir)
	base := []string{"--state", state, "--from", "security@airfrance.example", "--rdap-bootstrap", dnsB, "--rdap-ip-bootstrap", ipB}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"owned by name servers", append([]string{"takedown", "arfrance.fr", "--out", filepath.Join(dir, "o1")}, base...), "owned"},
		{"no domain", append([]string{"takedown", "--out", filepath.Join(dir, "o3")}, base...), "one or more domains"},
		{"no out", append([]string{"takedown", "irfrance.fr"}, base...), "--out DIR"},
		{"bad from", []string{"takedown", "irfrance.fr", "--out", filepath.Join(dir, "o4"), "--from", "not an address"}, "--from"},
		{"send without smtp", append([]string{"takedown", "irfrance.fr", "--out", filepath.Join(dir, "o5"), "--send"}, base...), "SMTP server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCLI(t, false, tt.args...)
			if code != exitUsage || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errs, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "o1")); err == nil {
		t.Error("a refused owned name still wrote its directory")
	}
	// A name the state never saw: a warning, and a request from RDAP alone.
	code, _, errs := runCLI(t, false, append([]string{"takedown", "unseen.fr", "--out", filepath.Join(dir, "o6")}, base...)...)
	if code != 0 || !strings.Contains(errs, "unseen.fr is in neither --state nor --findings") {
		t.Errorf("unseen name: exit %d, %s", code, errs)
	}
}

// TestTakedownFromFindings: a scan's JSONL gives the evidence the state
// does not keep (web evidence, the screenshot); an owned record is refused
// and a broken file is refused with its line.
func TestTakedownFromFindings(t *testing.T) {
	dir := t.TempDir()
	dnsB, ipB := rdapWorld(t, dir)
	var png bytes.Buffer
	if err := pngpkg.Encode(&png, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "irfrance.png")
	os.WriteFile(shot, png.Bytes(), 0o644)
	findings := filepath.Join(dir, "scan.jsonl")
	os.WriteFile(findings, []byte(`{"domain":"irfrance.fr","brand":"airfrance.fr","status":"registered","a":["192.0.2.10"],"mx":["mail.cloudhost.example"],"verdict":"impersonating","risk":97,"evidence":"mx mail.cloudhost.example","web_evidence":["login form with the brand's name"],"screenshot":`+strconvQuote(shot)+`}
{"domain":"arfrance.fr","brand":"airfrance.fr","status":"registered","ns":["ns1.airfrance.fr"],"verdict":"owned","risk":55}
`), 0o644)
	base := []string{"--findings", findings, "--from", "security@airfrance.example", "--rdap-bootstrap", dnsB, "--rdap-ip-bootstrap", ipB}
	out := filepath.Join(dir, "out")
	code, _, errs := runCLI(t, false, append([]string{"takedown", "irfrance.fr", "--out", out}, base...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	m := strings.NewReplacer("=\r\n", "", "=\n", "").Replace(readFile(t, filepath.Join(out, "irfrance.fr.registrar.eml")))
	for _, want := range []string{"impersonating", "web: login form with the brand's name", "filename=irfrance.fr.png"} {
		if !strings.Contains(m, want) {
			t.Errorf("message lacks %q", want)
		}
	}
	if code, _, errs := runCLI(t, false, append([]string{"takedown", "arfrance.fr", "--out", filepath.Join(dir, "o2")}, base...)...); code != exitUsage || !strings.Contains(errs, "owned") {
		t.Errorf("owned from findings: exit %d, %s", code, errs)
	}
	os.WriteFile(findings, []byte("{\"domain\":\"irfrance.fr\"}\nnot json\n"), 0o644)
	if code, _, errs := runCLI(t, false, append([]string{"takedown", "irfrance.fr", "--out", filepath.Join(dir, "o3")}, base...)...); code != exitUsage || !strings.Contains(errs, "scan.jsonl:2: not a JSON object") {
		t.Errorf("broken findings: exit %d, %s", code, errs)
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }
