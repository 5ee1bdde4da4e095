package rdap

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/names"
)

func TestDefaultBootstrap(t *testing.T) {
	b := DefaultBootstrap()
	if b.Publication != "2026-06-26T18:00:02Z" {
		t.Errorf("Publication = %q; if data/dns.json was refreshed, update data/SOURCE and this test", b.Publication)
	}
	source, err := os.ReadFile(filepath.Join("data", "SOURCE"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{b.Publication, "Licence", "data.iana.org/rdap/dns.json"} {
		if !strings.Contains(string(source), want) {
			t.Errorf("data/SOURCE does not mention %q", want)
		}
	}

	tlds := b.TLDs()
	if len(tlds) < 1000 {
		t.Errorf("embedded bootstrap has %d entries; IANA's has over 1000", len(tlds))
	}
	for i, tld := range tlds {
		// LoadBootstrap already refuses invalid and duplicate entries; this
		// checks the embedded file is what we think it is: TLDs, lower-case.
		if !names.Valid(tld) || strings.Contains(tld, ".") {
			t.Errorf("entry %q is not a lower-case TLD", tld)
		}
		if i > 0 && tlds[i-1] == tld {
			t.Errorf("entry %q listed twice", tld)
		}
		base, ok := b.ServerFor("x." + tld)
		if !ok {
			t.Fatalf("ServerFor(x.%s) found nothing for a listed entry", tld)
		}
		if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.HasSuffix(base, "/") {
			t.Errorf("%s: base URL %q is not an http(s) URL ending in /", tld, base)
		}
	}

	cases := []struct {
		name, domain, want string
		ok                 bool
	}{
		{name: "com", domain: "example.com", want: "https://rdap.verisign.com/com/v1/", ok: true},
		{name: "net", domain: "example.net", want: "https://rdap.verisign.com/net/v1/", ok: true},
		{name: "org", domain: "example.org", want: "https://rdap.publicinterestregistry.org/rdap/", ok: true},
		{name: "IDN TLD", domain: "xn--80ak6aa92e.xn--p1acf", want: "https://rdap.nic.xn--p1acf/", ok: true},
		{name: "plain-http service is named as such", domain: "example.kg", want: "http://rdap.cctld.kg/", ok: true},
		{name: "ccTLD without RDAP", domain: "example.de", ok: false},
		{name: "io has no RDAP service", domain: "example.io", ok: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := b.ServerFor(tc.domain)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ServerFor(%q) = %q, %v; want %q, %v", tc.domain, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestServerFor(t *testing.T) {
	b, err := LoadBootstrap(strings.NewReader(`{"publication":"2026-01-01T00:00:00Z","services":[
		[["example"],["https://rdap.example/"]],
		[["co.example"],["https://co.rdap.example/base"]],
		[["Mixed."],["http://plain.example/rdap/","https://secure.example/rdap/"]],
		[["plain"],["http://only-http.example/"]]
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, domain, want string
		ok                 bool
	}{
		{name: "TLD", domain: "brand.example", want: "https://rdap.example/", ok: true},
		{name: "longest entry wins", domain: "brand.co.example", want: "https://co.rdap.example/base/", ok: true},
		{name: "deeper name, longest entry", domain: "www.brand.co.example", want: "https://co.rdap.example/base/", ok: true},
		{name: "entry itself is not under itself", domain: "co.example", want: "https://rdap.example/", ok: true},
		{name: "case and trailing dot", domain: "Brand.EXAMPLE.", want: "https://rdap.example/", ok: true},
		{name: "https preferred", domain: "brand.mixed", want: "https://secure.example/rdap/", ok: true},
		{name: "http when nothing else", domain: "brand.plain", want: "http://only-http.example/", ok: true},
		{name: "unlisted TLD", domain: "brand.test", ok: false},
		{name: "bare TLD", domain: "example", ok: false},
		{name: "empty", domain: "", ok: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := b.ServerFor(tc.domain)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ServerFor(%q) = %q, %v; want %q, %v", tc.domain, got, ok, tc.want, tc.ok)
			}
		})
	}
	if _, ok := (*Bootstrap)(nil).ServerFor("brand.example"); ok {
		t.Error("nil Bootstrap found a server")
	}
}

func TestLoadBootstrapErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{name: "not JSON", in: `services: []`, want: "RFC 9224"},
		{name: "no services", in: `{"version":"1.0","services":[]}`, want: "no services"},
		{name: "services missing", in: `{"version":"1.0"}`, want: "no services"},
		{name: "three members", in: `{"services":[[["a"],["https://x/"],["tag"]]]}`, want: "3 members"},
		{name: "entries not strings", in: `{"services":[[[1],["https://x/"]]]}`, want: "entries"},
		{name: "no URL", in: `{"services":[[["a"],[]]]}`, want: "no URL"},
		{name: "entry not a name", in: `{"services":[[["bad_tld"],["https://x/"]]]}`, want: "not a DNS name"},
		{name: "empty entry", in: `{"services":[[[""],["https://x/"]]]}`, want: "not a DNS name"},
		{name: "ftp URL", in: `{"services":[[["a"],["ftp://x/"]]]}`, want: "scheme"},
		{name: "URL without host", in: `{"services":[[["a"],["https:///rdap/"]]]}`, want: "without user"},
		{name: "URL with query", in: `{"services":[[["a"],["https://x/?q=1"]]]}`, want: "without user"},
		{name: "entry twice", in: `{"services":[[["a"],["https://x/"]],[["A"],["https://y/"]]]}`, want: "services 0 and 1"},
		{name: "too large", in: `{"services":[` + strings.Repeat(" ", maxBootstrapSize) + `]}`, want: "larger than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := LoadBootstrap(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("LoadBootstrap accepted it: %d entries", len(b.TLDs()))
			}
			if !errors.Is(err, ErrBootstrap) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v; want ErrBootstrap mentioning %q", err, tc.want)
			}
		})
	}
}

// FuzzLoadBootstrap: no file makes LoadBootstrap panic, and a file it accepts
// only ever points names at http(s) base URLs ending in "/".
func FuzzLoadBootstrap(f *testing.F) {
	// The embedded file is too big a seed to mutate quickly; TestDefaultBootstrap
	// covers it. These have its shape.
	f.Add([]byte(`{"description":"RDAP bootstrap file for Domain Name System registrations","publication":"2026-06-26T18:00:02Z","services":[[["kg"],["http://rdap.cctld.kg/"]],[["com"],["https://rdap.verisign.com/com/v1/"]],[["xn--45q11c"],["https://rdap.zdnsgtld.com/XN--45Q11C/"]]],"version":"1.0"}`))
	f.Add([]byte(`{"services":[[["example","co.example"],["https://rdap.example/rdap","http://rdap.example/"]]]}`))
	f.Add([]byte(`{"services":[[["a"],["https://x/"]],[["A."],["https://y/"]]]}`))
	f.Add([]byte(`{"services":[[[],[]]]}`))
	f.Add([]byte(`{"services":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := LoadBootstrap(strings.NewReader(string(data)))
		if err != nil {
			if !errors.Is(err, ErrBootstrap) {
				t.Fatalf("error %v does not wrap ErrBootstrap", err)
			}
			return
		}
		for _, tld := range b.TLDs() {
			if !names.Valid(tld) {
				t.Fatalf("accepted entry %q", tld)
			}
			base, ok := b.ServerFor("brand." + tld)
			if !ok {
				t.Fatalf("entry %q has no server", tld)
			}
			u, err := url.Parse(base)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || !strings.HasSuffix(base, "/") {
				t.Fatalf("entry %q -> %q, not an http(s) base URL", tld, base)
			}
		}
	})
}
