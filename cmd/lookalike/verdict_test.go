package main

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
)

// delegate scripts an NS answer for name: the name is registered, at the
// resolver and, when the world has one, at its registry.
func delegate(s *dnstest.Server, name string, hosts ...string) {
	s.Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS(name, hosts...)})
	if a, ok := registries.Load(s); ok {
		a.(*dnstest.Server).Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS(name, hosts...)})
	}
}

// mailTo scripts an MX answer for name.
func mailTo(s *dnstest.Server, name, host string) {
	s.Handle(name, dns.TypeMX, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR(name + ". 300 IN MX 10 " + host + ".")}})
}

// verdictWorld: the brand's own NS and MX, and one omission typo of each kind.
func verdictWorld(t *testing.T) *dnstest.Server {
	s := dnstest.New(t)
	auth := registry(t, s, "fr", "com")
	ns := func(name string, hosts ...string) { delegate(s, name, hosts...) }
	mx := func(name, host string) { mailTo(s, name, host) }
	ns("airfrance.fr", "ns1.airfrance.fr", "ns2.airfrance.fr")
	mx("airfrance.fr", "mx.airfrance.fr")
	ns("airfrnce.fr", "ns1.sedoparking.com", "ns2.sedoparking.com") // parked
	ns("arfrance.fr", "ns1.airfrance.fr")                           // owned: our name servers
	ns("airfance.fr", "ns1.cloudhost.example")                      // owned: in the portfolio
	ns("irfrance.fr", "ns1.cloudhost.example")                      // third party, receives mail
	mx("irfrance.fr", "mail.cloudhost.example")
	s.Handle("airrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail}) // unknown
	auth.Handle("airrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
	return s
}

func TestScanVerdictsAndRegistrarCSV(t *testing.T) {
	s := verdictWorld(t)
	dir := t.TempDir()
	portfolio := filepath.Join(dir, "portfolio.txt")
	os.WriteFile(portfolio, []byte("# ours\nairfance.fr\nairfrance.com\n"), 0o644)
	regCSV := filepath.Join(dir, "register.csv")
	code, out, errs := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--format", "jsonl", "--portfolio", portfolio, "--registrar-csv", regCSV)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := parseJSONL(t, out)
	tests := []struct{ domain, verdict string }{
		{"airfrnce.fr", "parked"},
		{"arfrance.fr", "owned"},
		{"airfance.fr", "owned"},
		{"irfrance.fr", "third-party"},
		{"airrance.fr", "unknown"},
		{"airfrane.fr", "defend"},
	}
	for _, tt := range tests {
		t.Run(tt.domain, func(t *testing.T) {
			r := rows[tt.domain]
			if r == nil || r["verdict"] != tt.verdict {
				t.Errorf("%s: verdict %v, want %s (row %v)", tt.domain, r["verdict"], tt.verdict, r)
			}
		})
	}
	if rows["irfrance.fr"]["mail"] != true {
		t.Errorf("irfrance.fr has MX, mail = %v", rows["irfrance.fr"]["mail"])
	}
	if rows["airfrnce.fr"]["parking"] == "" {
		t.Error("parked name without its service")
	}

	f, err := os.Open(regCSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "domain,unicode,tld,risk,reason,brand" {
		t.Errorf("registrar header %v", recs[0])
	}
	defend := map[string]bool{}
	for d, r := range rows {
		if r["verdict"] == "defend" {
			defend[d] = true
		}
	}
	if len(recs)-1 != len(defend) {
		t.Errorf("registrar CSV has %d rows, %d defend names", len(recs)-1, len(defend))
	}
	prev := 101
	for _, rec := range recs[1:] {
		if !defend[rec[0]] {
			t.Errorf("registrar CSV holds %s, not a defend name", rec[0])
		}
		var risk int
		fmt.Sscan(rec[3], &risk)
		if risk > prev {
			t.Errorf("registrar CSV not ranked: %d after %d", risk, prev)
		}
		prev = risk
	}
}

func TestScanTableSections(t *testing.T) {
	s := verdictWorld(t)
	code, out, errs := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--format", "table")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Summary", "Register these first", "Registered by third parties", "Parked", "Could not be decided", "irfrance.fr"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written when stdout is not a terminal")
	}
}

func TestScanPortfolioErrors(t *testing.T) {
	s := verdictWorld(t)
	p := filepath.Join(t.TempDir(), "p.txt")
	os.WriteFile(p, []byte("airfance.fr\nco.uk\n"), 0o644)
	code, out, errs := runCLI(t, false, "scan", "airfrance.fr", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--portfolio", p)
	if code != exitUsage || out != "" || !strings.Contains(errs, "line 2") {
		t.Errorf("exit %d, out %q, err %q", code, out, errs)
	}
}

// rdapServer answers 404 for every name but the ones in found, and records
// the names it was asked about in asked (when not nil).
func rdapServer(t *testing.T, found map[string]bool, asked *sync.Map) (bootstrap string) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/domain/")
		if asked != nil {
			asked.Store(name, true)
		}
		if !found[name] {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/rdap+json")
		fmt.Fprintf(w, `{"objectClassName":"domain","ldhName":%q,"status":["active"],"events":[{"eventAction":"registration","eventDate":"2026-11-20T00:00:00Z"}],
			"entities":[{"objectClassName":"entity","roles":["registrar"],"vcardArray":["vcard",[["fn",{},"text","Example Registrar SAS"]]]}]}`, name)
	}))
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "dns.json")
	os.WriteFile(path, []byte(`{"version":"1.0","publication":"2026-11-27T00:00:00Z","services":[[["fr"],["`+srv.URL+`/"]]]}`), 0o644)
	return path
}

func TestScanRDAPSecondOpinion(t *testing.T) {
	s := verdictWorld(t)
	boot := rdapServer(t, map[string]bool{"airfrane.fr": true, "irfrance.fr": true}, nil)
	reg := filepath.Join(t.TempDir(), "reg.csv")
	code, out, errs := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--format", "jsonl", "--rdap", "--rdap-bootstrap", boot, "--rdap-rate", "1000", "--rdap-min-risk", "0", "--registrar-csv", reg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	rows := parseJSONL(t, out)
	// NXDOMAIN in DNS but the registry has it: never defend.
	if r := rows["airfrane.fr"]; r["status"] != "unknown" || r["reason"] != "rdap-disagrees" || r["verdict"] != "unknown" {
		t.Errorf("airfrane.fr = %v", r)
	}
	if r := rows["irfrance.fr"]; r["registrar"] != "Example Registrar SAS" || r["created"] == "" {
		t.Errorf("irfrance.fr RDAP data missing: %v", r)
	}
	if r := rows["airfrnce.fr"]; r["verdict"] != "parked" {
		t.Errorf("airfrnce.fr = %v", r)
	}
	b, _ := os.ReadFile(reg)
	if strings.Contains(string(b), "airfrane.fr") {
		t.Errorf("a name the registry has went to the registrar CSV:\n%s", b)
	}
	if !strings.Contains(string(b), "airfrace.fr") {
		t.Errorf("an RDAP-confirmed defend name is missing:\n%s", b)
	}
}

func TestShowTable(t *testing.T) {
	if os.Getenv("SHOW") == "" {
		t.Skip()
	}
	s := verdictWorld(t)
	_, out, errs := runCLI(t, true, "scan", "airfrance.fr", "--resolvers", s.Addr(), "--auth-port", authPort(s), "--timeout", "200ms", "--retries", "1", "--top", "8", "--no-progress")
	fmt.Println(out, errs)
}

// With the default --rdap-min-risk, only registered third-party and parked
// names and the riskiest defend names are asked: RDAP is slow by courtesy.
func TestScanRDAPMinRisk(t *testing.T) {
	s := verdictWorld(t)
	var asked sync.Map
	boot := rdapServer(t, nil, &asked)
	code, out, errs := runCLI(t, false, "scan", "airfrance.fr", "--fuzzers", "omission,bitsquatting", "--resolvers", s.Addr(), "--auth-port", authPort(s),
		"--timeout", "200ms", "--retries", "1", "--format", "jsonl", "--rdap", "--rdap-bootstrap", boot, "--rdap-rate", "1000", "--rdap-min-risk", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for d, r := range parseJSONL(t, out) {
		_, wasAsked := asked.Load(r["registrable"])
		risk := int(r["risk"].(float64))
		switch v := r["verdict"]; {
		case v == "third-party" || v == "parked":
			if !wasAsked {
				t.Errorf("%s (%s) not asked", d, v)
			}
		case v == "defend" && risk >= 50 && !wasAsked:
			t.Errorf("%s (defend, risk %d) not asked", d, risk)
		case v == "defend" && risk < 50:
			if wasAsked {
				t.Errorf("%s (defend, risk %d) asked below --rdap-min-risk", d, risk)
			}
			if !strings.Contains(r["evidence"].(string), "rdap not asked") {
				t.Errorf("%s: evidence does not say RDAP was not asked: %v", d, r["evidence"])
			}
		}
	}
}
