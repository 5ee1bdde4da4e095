package rdap

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"
)

func TestDefaultIPBootstrap(t *testing.T) {
	b := DefaultIPBootstrap()
	if len(b.Publication) != 2 || b.Publication[0] == "" || b.Publication[1] == "" {
		t.Errorf("publications %q", b.Publication)
	}
	if b.Len() < 200 {
		t.Errorf("only %d prefixes", b.Len())
	}
	tests := []struct {
		addr, want string
	}{
		{"8.8.8.8", "https://rdap.arin.net/registry/"},
		{"193.0.6.139", "https://rdap.db.ripe.net/"},
		{"1.1.1.1", "https://rdap.apnic.net/"},
		{"200.160.2.3", "https://rdap.lacnic.net/rdap/"},
		{"41.1.1.1", "https://rdap.afrinic.net/rdap/"},
		{"::ffff:8.8.8.8", "https://rdap.arin.net/registry/"},
		{"2a00:1450::1", "https://rdap.db.ripe.net/"},
		{"2001:4200::1", "https://rdap.afrinic.net/rdap/"},
		{"10.0.0.1", ""},
		{"127.0.0.1", ""},
		{"fc00::1", ""},
		{"2001:db8::1", "https://rdap.apnic.net/"}, // documentation space, carved from APNIC's 2001:c00::/23
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			got, ok := b.ServerFor(netip.MustParseAddr(tc.addr))
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("ServerFor(%s) = %q, %v; want %q", tc.addr, got, ok, tc.want)
			}
		})
	}
}

func TestLoadIPBootstrapRefuses(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"not json", `{`, "want IANA's"},
		{"no services", `{"services": []}`, "no services"},
		{"bad prefix", `{"services": [[["8.0.0.0/33"], ["https://r.example/"]]]}`, "prefix"},
		{"bad url", `{"services": [[["8.0.0.0/8"], ["ftp://r.example/"]]]}`, "scheme"},
		{"twice", `{"services": [[["8.0.0.0/8"], ["https://a.example/"]], [["8.1.0.0/8"], ["https://b.example/"]]]}`, "listed twice"},
		{"no url", `{"services": [[["8.0.0.0/8"], []]]}`, "want [prefixes, URLs]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadIPBootstrap(strings.NewReader(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// registrarDomain is a domain object as the ICANN RDAP profile has
// registries send it: the abuse contact inside the registrar entity.
func registrarDomain(name, abuse string) string {
	abuseEntity := ""
	if abuse != "" {
		abuseEntity = `, "entities": [{"objectClassName": "entity", "roles": ["abuse"], "vcardArray": ["vcard", [
			["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse Desk"],
			["tel", {"type": "voice"}, "uri", "tel:+1.4805058800"], ["email", {}, "text", ` + abuse + `]]]}]`
	}
	return `{"objectClassName": "domain", "ldhName": "` + name + `", "entities": [{"objectClassName": "entity",
		"roles": ["registrar"], "publicIds": [{"type": "IANA Registrar ID", "identifier": "146"}],
		"vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Example Registrar, Inc.\u0007"]]]` + abuseEntity + `}]}`
}

func testContactClient(t *testing.T, tlds string, srv *httptest.Server) *Client {
	t.Helper()
	b, err := LoadBootstrap(strings.NewReader(`{"services": [[["` + tlds + `"], ["` + srv.URL + `/"]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	return New(Options{Bootstrap: b, PerHostRate: 1000, MaxBody: 4 << 10})
}

func TestDomainHolder(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		name := strings.TrimPrefix(r.URL.Path, "/domain/")
		switch name {
		case "phish.com":
			fmt.Fprint(w, registrarDomain(name, `"abuse@registrar.example"`))
		case "noabuse.com":
			fmt.Fprint(w, registrarDomain(name, ""))
		case "inject.com":
			fmt.Fprint(w, registrarDomain(name, `"abuse@registrar.example\r\nBcc: victim@example.com"`))
		case "busy.com":
			if calls.Load() == 1 {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, registrarDomain(name, `"abuse@registrar.example"`))
		case "always-busy.com":
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		case "other.com":
			fmt.Fprint(w, registrarDomain("someone-else.com", `"abuse@registrar.example"`))
		case "huge.com":
			fmt.Fprint(w, registrarDomain(name, `"abuse@registrar.example"`)+strings.Repeat(" ", 8<<10))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := testContactClient(t, "com", srv)

	tests := []struct {
		domain      string
		outcome     Outcome
		name, email string
		phone       string
		errWant     string
	}{
		{domain: "phish.com", outcome: Found, name: "Example Registrar, Inc.", email: "abuse@registrar.example", phone: "+1.4805058800"},
		{domain: "noabuse.com", outcome: Found, name: "Example Registrar, Inc."},
		{domain: "inject.com", outcome: Found, name: "Example Registrar, Inc.", phone: "+1.4805058800"},
		{domain: "busy.com", outcome: Found, name: "Example Registrar, Inc.", email: "abuse@registrar.example", phone: "+1.4805058800"},
		{domain: "always-busy.com", outcome: Throttled, errWant: "429"},
		{domain: "other.com", outcome: Failed, errWant: "not \"other.com\""},
		{domain: "huge.com", outcome: Failed, errWant: "byte limit"},
		{domain: "gone.com", outcome: NotFound},
		{domain: "x.org", outcome: NoServer, errWant: "no service"},
	}
	for _, tc := range tests {
		t.Run(tc.domain, func(t *testing.T) {
			calls.Store(0)
			h := c.DomainHolder(context.Background(), tc.domain)
			if h.Outcome != tc.outcome || h.Name != tc.name || !strings.Contains(h.Err, tc.errWant) {
				t.Fatalf("got %+v, want outcome %v name %q err containing %q", h, tc.outcome, tc.name, tc.errWant)
			}
			var email, phone string
			if len(h.Abuse) > 0 {
				email, phone = h.Abuse[0].Email, h.Abuse[0].Phone
			}
			if email != tc.email || phone != tc.phone {
				t.Errorf("abuse contact %q %q, want %q %q", email, phone, tc.email, tc.phone)
			}
			if tc.outcome == Found && h.Handle != "146" {
				t.Errorf("registrar id %q", h.Handle)
			}
		})
	}
}

// TestIPHolderFollowsRedirect: the registry the bootstrap names for an
// address answers with a redirect to the RIR that holds it, as ARIN does for
// space transferred to RIPE; the client follows it and reads the network
// there, its abuse contact nested under the organisation.
func TestIPHolderFollowsRedirect(t *testing.T) {
	ripe := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ip/198.51.100.7" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rdap+json")
		fmt.Fprint(w, `{"objectClassName": "ip network", "handle": "198.51.100.0 - 198.51.100.255", "name": "EXAMPLE-HOSTING",
			"startAddress": "198.51.100.0", "endAddress": "198.51.100.255", "country": "NL",
			"entities": [{"objectClassName": "entity", "handle": "ORG-EH1-RIPE", "roles": ["registrant"], "entities": [
				{"objectClassName": "entity", "handle": "AR1-RIPE", "roles": ["abuse"], "vcardArray": ["vcard", [
					["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse contact"], ["kind", {}, "text", "group"],
					["email", {}, "text", "abuse@hosting.example"]]]}]}]}`)
	}))
	defer ripe.Close()
	var arinHits atomic.Int32
	arin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arinHits.Add(1)
		switch r.URL.Path {
		case "/ip/198.51.100.7":
			http.Redirect(w, r, ripe.URL+r.URL.Path, http.StatusMovedPermanently)
		case "/ip/198.51.100.8":
			http.Redirect(w, r, "ftp://rdap.example/ip/198.51.100.8", http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	}))
	defer arin.Close()
	b, err := LoadIPBootstrap(strings.NewReader(`{"publication": "2026-12-02T00:00:00Z", "services": [[["198.51.100.0/24"], ["` + arin.URL + `/"]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	c := New(Options{PerHostRate: 1000})

	h := c.IPHolder(context.Background(), netip.MustParseAddr("198.51.100.7"), b)
	if h.Outcome != Found || h.Name != "EXAMPLE-HOSTING" || h.Country != "NL" || h.Range != "198.51.100.0 - 198.51.100.255" {
		t.Fatalf("holder %+v", h)
	}
	if !strings.HasPrefix(h.URL, ripe.URL) || h.Server != arin.URL+"/" {
		t.Errorf("asked %s, answered by %s: want the redirect followed to %s", h.Server, h.URL, ripe.URL)
	}
	if len(h.Abuse) != 1 || h.Abuse[0].Email != "abuse@hosting.example" || h.Abuse[0].Handle != "AR1-RIPE" {
		t.Errorf("abuse %+v", h.Abuse)
	}

	if h := c.IPHolder(context.Background(), netip.MustParseAddr("198.51.100.8"), b); h.Outcome != Failed || !strings.Contains(h.Err, "refused") {
		t.Errorf("redirect to ftp: %+v", h)
	}
	if h := c.IPHolder(context.Background(), netip.MustParseAddr("203.0.113.1"), b); h.Outcome != NoServer {
		t.Errorf("address outside the bootstrap: %+v", h)
	}
}

func TestCleanEmailAndPhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abuse@example.com", "abuse@example.com"},
		{"mailto:abuse@example.com", "abuse@example.com"},
		{"Abuse <abuse@example.com>", ""},
		{"a@example.com, b@example.com", ""},
		{"abuse@example.com\r\nBcc: x@example.com", ""},
		{"not an address", ""},
	} {
		if got := cleanEmail(tc.in); got != tc.want {
			t.Errorf("cleanEmail(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"tel:+1.4805058800", "+1.4805058800"},
		{"+31 20 535 4444", "+31 20 535 4444"},
		{"<script>", ""},
		{"tel:+1-555-0100;ext=12", "+1-555-0100;ext=12"},
	} {
		if got := cleanPhone(tc.in); got != tc.want {
			t.Errorf("cleanPhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzParseHolder: whatever a server sends, what reaches a message is clean
// text, and an e-mail address is one address.
func FuzzParseHolder(f *testing.F) {
	f.Add([]byte(registrarDomain("phish.com", `"abuse@registrar.example"`)), "phish.com")
	f.Add([]byte(`{"objectClassName": "ip network", "name": "N\u0000", "entities": [{"roles": ["abuse"], "vcardArray": ["vcard", [["email", {}, "text", "a@b.c"]]]}]}`), "")
	f.Fuzz(func(t *testing.T, body []byte, domain string) {
		var h Holder
		if parseHolder(body, domain, &h) != nil {
			return
		}
		texts := []string{h.Name, h.Handle, h.Range, h.Country}
		for _, c := range h.Abuse {
			texts = append(texts, c.Name, c.Org, c.Handle, c.Email, c.Phone)
			texts = append(texts, c.Roles...)
			if c.Email != "" && cleanEmail(c.Email) != c.Email {
				t.Fatalf("email %q does not stand", c.Email)
			}
		}
		if len(h.Abuse) > maxContacts {
			t.Fatalf("%d contacts", len(h.Abuse))
		}
		for _, s := range texts {
			for _, r := range s {
				if unicode.IsControl(r) {
					t.Fatalf("control character in %q", s)
				}
			}
		}
	})
}
