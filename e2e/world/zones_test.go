package world

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/internal/golden"

	"github.com/miekg/dns"
)

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if golden.Update() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the rendering (run with -update if the change is intended):\n%s", path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + wl + "\n  got: " + gl
		}
	}
	return "(lengths differ)"
}

var testAddrs = Addrs{Net: 9}

func TestRenderGolden(t *testing.T) {
	spec := Default()
	r, err := render(&spec, testAddrs, 1)
	if err != nil {
		t.Fatal(err)
	}
	var zones bytes.Buffer
	for _, z := range r.zones {
		zones.WriteString(";; ===== " + z.File + "\n" + z.Text)
	}
	checkGolden(t, "default.zones", zones.Bytes())
	m, err := json.MarshalIndent(r.manifest, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "default.manifest.json", append(m, '\n'))
	l := layout{dir: "/world"}
	checkGolden(t, "nsd.conf", []byte(nsdConf(l, testAddrs, 1, r.zones)))
	checkGolden(t, "unbound.conf", []byte(unboundConf(l, testAddrs)))
}

// The rendering must be deterministic: two identical specs, identical bytes.
func TestRenderDeterministic(t *testing.T) {
	a, b := Default(), Default()
	slices.Reverse(b.Registered)
	slices.Reverse(b.Unregistered)
	slices.Reverse(b.TLDs)
	ra, err := render(&a, testAddrs, 7)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := render(&b, testAddrs, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ra.zones, rb.zones) {
		t.Error("zones depend on the order of the spec's lists")
	}
}

// zoneRRs parses every rendered zone, as nsd will, and indexes the records
// by owner and type.
func zoneRRs(t *testing.T, zones []zoneFile) map[string]map[string][]dns.RR {
	t.Helper()
	out := map[string]map[string][]dns.RR{}
	for _, z := range zones {
		zp := dns.NewZoneParser(strings.NewReader(z.Text), dns.Fqdn(z.Origin), z.File)
		recs := map[string][]dns.RR{}
		soas := 0
		for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
			h := rr.Header()
			if h.Rrtype == dns.TypeSOA {
				soas++
				if h.Name != dns.Fqdn(z.Origin) {
					t.Errorf("%s: SOA owner %s is not the apex", z.File, h.Name)
				}
			}
			if !dns.IsSubDomain(dns.Fqdn(z.Origin), h.Name) {
				t.Errorf("%s: record %s lies outside the zone", z.File, rr)
			}
			key := h.Name + " " + dns.TypeToString[h.Rrtype]
			recs[key] = append(recs[key], rr)
		}
		if err := zp.Err(); err != nil {
			t.Fatalf("%s does not parse: %v", z.File, err)
		}
		if soas != 1 {
			t.Errorf("%s has %d SOA records, want 1", z.File, soas)
		}
		out[z.Origin] = recs
	}
	return out
}

// Each manifest entry must be backed by the zones the way its kind says:
// delegated from its suffix zone with the listed NS, glue pointing where the
// kind needs it, and (for hosted kinds) a zone with the listed A and MX.
func TestRenderMatchesManifest(t *testing.T) {
	spec := Default()
	r, err := render(&spec, testAddrs, 1)
	if err != nil {
		t.Fatal(err)
	}
	zones := zoneRRs(t, r.zones)
	for _, e := range r.manifest.Entries {
		t.Run(e.Domain, func(t *testing.T) {
			parentZone := zones[suffixOf(e.Domain)]
			if parentZone == nil {
				t.Fatalf("no zone for suffix %s", suffixOf(e.Domain))
			}
			deleg := parentZone[dns.Fqdn(e.Domain)+" NS"]
			if !e.Registered {
				if len(deleg) > 0 {
					t.Errorf("unregistered name is delegated: %v", deleg)
				}
				if _, hosted := zones[e.Domain]; hosted {
					t.Error("unregistered name has a zone")
				}
				return
			}
			var ns []string
			for _, rr := range deleg {
				ns = append(ns, strings.TrimSuffix(rr.(*dns.NS).Ns, "."))
			}
			slices.Sort(ns)
			if !slices.Equal(ns, sortedCopy(e.NS)) {
				t.Errorf("delegation NS %v, manifest says %v", ns, e.NS)
			}
			wantGlue := map[Kind]string{Lame: testAddrs.ip(hostLame), Silent: testAddrs.ip(hostSilent)}[e.Kind]
			for _, n := range e.NS {
				if !strings.HasSuffix(n, "."+e.Domain) {
					continue
				}
				glue := parentZone[dns.Fqdn(n)+" A"]
				if len(glue) != 1 {
					t.Fatalf("in-domain name server %s has %d glue records, want 1", n, len(glue))
				}
				if wantGlue == "" {
					wantGlue = testAddrs.ip(hostNSD)
				}
				if got := glue[0].(*dns.A).A.String(); got != wantGlue {
					t.Errorf("glue of %s is %s, want %s", n, got, wantGlue)
				}
			}
			child, hosted := zones[e.Domain]
			if hosted != (e.Kind.hosted() || e.Kind == BrandKind) {
				t.Fatalf("kind %s: hosted zone %v", e.Kind, hosted)
			}
			if !hosted {
				return
			}
			var a, mx []string
			for _, rr := range child[dns.Fqdn(e.Domain)+" A"] {
				a = append(a, rr.(*dns.A).A.String())
			}
			for _, rr := range child[dns.Fqdn(e.Domain)+" MX"] {
				mx = append(mx, strings.TrimSuffix(rr.(*dns.MX).Mx, "."))
			}
			if !slices.Equal(a, e.A) || !slices.Equal(mx, e.MX) {
				t.Errorf("zone has A %v MX %v, manifest says A %v MX %v", a, mx, e.A, e.MX)
			}
		})
	}
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func TestRenderWildcard(t *testing.T) {
	spec := Default()
	r, err := render(&spec, testAddrs, 1)
	if err != nil {
		t.Fatal(err)
	}
	zones := zoneRRs(t, r.zones)
	for _, tc := range []struct {
		zone string
		want bool
	}{
		{"ws", true},
		{"com", false},
		{"co.uk", false},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			got := len(zones[tc.zone]["*."+tc.zone+". A"]) == 1
			if got != tc.want {
				t.Errorf("wildcard A in %s: %v, want %v", tc.zone, got, tc.want)
			}
		})
	}
	for _, d := range []string{"acmebank.ws", "acmebank-login.ws"} {
		if e, _ := r.manifest.Lookup(d); !e.Wildcard {
			t.Errorf("%s is not marked as under a wildcard TLD", d)
		}
	}
	if e, _ := r.manifest.Lookup("acmebnk.com"); e.Wildcard {
		t.Error("acmebnk.com is marked as under a wildcard TLD")
	}
}

func TestValidate(t *testing.T) {
	base := func(edit func(*Spec)) Spec {
		s := Spec{Brands: []string{"acmebank.com"}, Registered: []Name{{Domain: "acmebnk.com", Kind: AMX}}}
		edit(&s)
		return s
	}
	for _, tc := range []struct {
		name string
		spec Spec
		want string // substring of the error; "" for valid
	}{
		{"minimal", base(func(*Spec) {}), ""},
		{"default", Default(), ""},
		{"no brands", base(func(s *Spec) { s.Brands = nil }), "no brands"},
		{"upper case", base(func(s *Spec) { s.Registered[0].Domain = "AcmeBnk.com" }), "lower-case"},
		{"unicode not A-label", base(func(s *Spec) { s.Registered[0].Domain = "acmebаnk.com" }), "A-label"},
		{"trailing dot", base(func(s *Spec) { s.Registered[0].Domain = "acmebnk.com." }), "trailing dot"},
		{"subdomain registered", base(func(s *Spec) { s.Registered[0].Domain = "login.acmebnk.com" }), "not a registrable domain"},
		{"suffix registered", base(func(s *Spec) { s.Registered[0].Domain = "co.uk" }), "registrable"},
		{"unknown kind", base(func(s *Spec) { s.Registered[0].Kind = "cname" }), "has kind"},
		{"owned without brand", base(func(s *Spec) { s.Registered[0].Kind = Owned }), "not in brands"},
		{"owned by brand", base(func(s *Spec) { s.Registered[0] = Name{Domain: "acmebnk.com", Kind: Owned, Brand: "acmebank.com"} }), ""},
		{"duplicate", base(func(s *Spec) { s.Unregistered = []string{"acmebnk.com"} }), "also listed"},
		{"brand as lookalike", base(func(s *Spec) { s.Registered = append(s.Registered, Name{Domain: "acmebank.com", Kind: AOnly}) }), "also listed"},
		{"beneath registered", base(func(s *Spec) { s.Unregistered = []string{"www.acmebnk.com"} }), "lies beneath"},
		{"beneath brand", base(func(s *Spec) { s.Unregistered = []string{"login.acmebank.com"} }), "lies beneath"},
		{"unregistered subdomain elsewhere", base(func(s *Spec) { s.Unregistered = []string{"login.acmebamk.com"} }), ""},
		{"tld not a suffix", base(func(s *Spec) { s.TLDs = []string{"acmebank.com"} }), "not a public suffix"},
		{"wildcard not a suffix", base(func(s *Spec) { s.WildcardTLDs = []string{"www.ws"} }), "not a public suffix"},
		{"parking at apex", base(func(s *Spec) { s.Parking = []string{"sedoparking.com"} }), "host under a registrable domain"},
		{"parking domain taken", base(func(s *Spec) { s.Parking = []string{"ns1.acmebnk.com"} }), "parking domain"},
		{"loss 1", base(func(s *Spec) { s.Loss = 1 }), "loss"},
		{"loss negative", base(func(s *Spec) { s.Loss = -0.1 }), "loss"},
		{"empty name", base(func(s *Spec) { s.Unregistered = []string{""} }), "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.spec.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("valid spec rejected: %v", err)
			case tc.want != "" && err == nil:
				t.Fatalf("spec accepted, want an error with %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Fatalf("error %q does not mention %q", err, tc.want)
			case err != nil && !errors.Is(err, ErrSpec):
				t.Fatalf("error %v does not wrap ErrSpec", err)
			}
		})
	}
}

func TestParseSpec(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"valid", `{"brands":["acmebank.com"],"registered":[{"domain":"acmebnk.com","kind":"a+mx"}]}`, true},
		{"unknown field", `{"brands":["acmebank.com"],"registerd":[]}`, false},
		{"trailing data", `{"brands":["acmebank.com"]} {}`, false},
		{"not json", `brands: [acmebank.com]`, false},
		{"invalid spec", `{"brands":[]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSpec([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("ParseSpec error %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrSpec) {
				t.Fatalf("error %v does not wrap ErrSpec", err)
			}
		})
	}
}

// A spec that parses must render, and its manifest must list every name it
// holds exactly once, sorted.
func FuzzParseSpec(f *testing.F) {
	def, _ := json.Marshal(Default())
	f.Add(def)
	f.Add([]byte(`{"brands":["acmebank.com"],"registered":[{"domain":"acmebnk.com","kind":"owned","brand":"acmebank.com"}]}`))
	f.Add([]byte(`{"brands":["a.co.uk"],"wildcard_tlds":["ws"],"unregistered":["x.ws","y.z.de"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpec(data)
		if err != nil {
			return
		}
		r, err := render(&s, testAddrs, 1)
		if err != nil {
			t.Fatalf("valid spec does not render: %v", err)
		}
		want := len(s.Brands) + len(s.Registered) + len(s.Unregistered)
		if got := len(r.manifest.Entries); got != want {
			t.Fatalf("manifest has %d entries, spec %d names", got, want)
		}
		for i := 1; i < len(r.manifest.Entries); i++ {
			if r.manifest.Entries[i-1].Domain >= r.manifest.Entries[i].Domain {
				t.Fatalf("manifest not sorted or duplicated at %s", r.manifest.Entries[i].Domain)
			}
		}
		zoneRRs(t, r.zones)
	})
}

func TestManifestTruth(t *testing.T) {
	spec := Default()
	r, err := render(&spec, testAddrs, 1)
	if err != nil {
		t.Fatal(err)
	}
	m := &r.manifest
	for _, tc := range []struct {
		name string
		want Truth
	}{
		{"acmebnk.com", TruthRegistered},
		{"www.acmebnk.com", TruthRegistered}, // decided on the registrable domain
		{"ACMEBNK.COM.", TruthRegistered},
		{"acmebamk.com", TruthRegistered}, // lame is still registered
		{"acmeebank.com", TruthRegistered},
		{"acmebank.com", TruthRegistered},        // a brand
		{"sedoparking.com", TruthRegistered},     // infrastructure
		{"initech-login.co.uk", TruthRegistered}, // under a two-label suffix
		{"acmebank.ws", TruthRegistered},         // delegated under the wildcard TLD
		{"acmebank-login.ws", TruthWildcard},
		{"never-listed.ws", TruthWildcard},
		{"acmbank.com", TruthUnregistered},
		{"never-listed.com", TruthUnregistered},
		{"acmebank.zz", TruthUnregistered}, // a TLD the world lacks: NXDOMAIN from the root
		{"co.uk", TruthUnregistered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Truth(tc.name); got != tc.want {
				t.Errorf("Truth(%q) = %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}

func TestICANNRegistrable(t *testing.T) {
	tests := []struct{ name, want string }{
		{"www.acmebank.com", "acmebank.com"},
		{"x.hsbc.co.uk", "hsbc.co.uk"},
		{"me.blogspot.com", "blogspot.com"}, // private suffix skipped
		{"co.uk", ""},
	}
	for _, tt := range tests {
		got, err := registrable(tt.name)
		if (err != nil) != (tt.want == "") || got != tt.want {
			t.Errorf("registrable(%q) = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}
