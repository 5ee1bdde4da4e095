package world

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// recordsSpec is a brand whose mail set-up points at other domains, as an
// audit of its DNS reads it.
func recordsSpec() Spec {
	return Spec{
		Brands: []string{"acmebank.com"},
		Registered: []Name{
			{Domain: "relaymail.net", Kind: AOnly},
			{Domain: "acmebamk.com", Kind: Lame},
		},
		Unregistered: []string{"acmebank-mailer.com"},
		Records: []Record{
			{Owner: "acmebank.com", Type: "TXT", Data: `"v=spf1 include:_spf.acmebank-mailer.com include:relaymail.net -all"`},
			{Owner: "_dmarc.acmebank.com", Type: "TXT", Data: `"v=DMARC1; p=reject; rua=mailto:dmarc@acmebank-reports.com"`},
			{Owner: "acmebank.com", Type: "MX", Data: "20 mx.acmebank-mx.net"},
			{Owner: "help.acmebank.com", Type: "CNAME", Data: "help.relaymail.net."},
			{Owner: "relaymail.net", Type: "TXT", Data: `"v=spf1 ip4:127.0.0.0/8 -all"`},
			{Owner: "relaymail.net", Type: "A", Data: "127.0.0.1"},
		},
	}
}

func TestValidateRecords(t *testing.T) {
	with := func(r ...Record) Spec {
		s := recordsSpec()
		s.Records = r
		return s
	}
	for _, tc := range []struct {
		name string
		spec Spec
		want string // substring of the error; "" for valid
	}{
		{"brand mail set-up", recordsSpec(), ""},
		{"no records", with(), ""},
		{"underscore labels", with(Record{"selector1._domainkey.acmebank.com", "TXT", `"v=DKIM1; p="`}), ""},
		{"aaaa loopback", with(Record{"v6.acmebank.com", "AAAA", "::1"}), ""},
		{"same record twice", with(Record{"acmebank.com", "MX", "20 mx.x.net"}, Record{"acmebank.com", "MX", "20 mx.x.net."}), ""},
		{"empty owner", with(Record{"", "TXT", `"x"`}), "empty owner"},
		{"upper-case owner", with(Record{"WWW.acmebank.com", "A", "127.0.0.1"}), "lower-case"},
		{"trailing dot", with(Record{"www.acmebank.com.", "A", "127.0.0.1"}), "trailing dot"},
		{"star label", with(Record{"*.acmebank.com", "A", "127.0.0.1"}), "labels hold"},
		{"type NS", with(Record{"sub.acmebank.com", "NS", "ns1.example.net"}), "has type"},
		{"lower-case type", with(Record{"acmebank.com", "txt", `"x"`}), "has type"},
		{"outside every zone", with(Record{"acmebank-mailer.com", "TXT", `"x"`}), "lies in no zone"},
		{"in a lame zone", with(Record{"acmebamk.com", "TXT", `"x"`}), "lies in no zone"},
		{"cname at apex", with(Record{"acmebank.com", "CNAME", "relaymail.net"}), "apex"},
		{"cname beside a kind's record", with(Record{"www.acmebank.com", "CNAME", "relaymail.net"}), "CNAME beside"},
		{"cname beside an extra record", with(Record{"x.acmebank.com", "CNAME", "relaymail.net"}, Record{"x.acmebank.com", "TXT", `"x"`}), "CNAME beside"},
		{"public address", with(Record{"acmebank.com", "A", "192.0.2.1"}), "loopback"},
		{"public v6 address", with(Record{"acmebank.com", "AAAA", "2001:db8::1"}), "loopback"},
		{"bad data", with(Record{"acmebank.com", "MX", "mx.example.net"}), "does not parse"},
		{"two lines", with(Record{"acmebank.com", "TXT", "\"a\"\nx 300 IN A 192.0.2.1"}), "line break"},
		{"odd escape", with(Record{"acmebank.com", "TXT", `"\0"`}), "read back"},
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

// The extra records land in their zones with absolute names, and apex A and
// MX reach the manifest.
func TestRenderRecords(t *testing.T) {
	spec := recordsSpec()
	r, err := render(&spec, testAddrs, 1)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, z := range r.zones {
		if z.Origin == "acmebank.com" || z.Origin == "relaymail.net" {
			text.WriteString(";; ===== " + z.File + "\n" + z.Text)
		}
	}
	checkGolden(t, "records.zones", []byte(text.String()))
	m, err := json.MarshalIndent(r.manifest, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "records.manifest.json", append(m, '\n'))

	zones := zoneRRs(t, r.zones)
	for _, tc := range []struct {
		zone, key string
		want      []string // each record's data, as text after its header
	}{
		{"acmebank.com", "acmebank.com. TXT", []string{`"v=spf1 include:_spf.acmebank-mailer.com include:relaymail.net -all"`}},
		{"acmebank.com", "_dmarc.acmebank.com. TXT", []string{`"v=DMARC1; p=reject; rua=mailto:dmarc@acmebank-reports.com"`}},
		{"acmebank.com", "acmebank.com. MX", []string{"10 mail.acmebank.com.", "20 mx.acmebank-mx.net."}},
		{"acmebank.com", "help.acmebank.com. CNAME", []string{"help.relaymail.net."}},
		{"relaymail.net", "relaymail.net. A", []string{testAddrs.ip(hostWeb), "127.0.0.1"}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			var got []string
			for _, rr := range zones[tc.zone][tc.key] {
				got = append(got, strings.TrimPrefix(rr.String(), rr.Header().String()))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		domain string
		a, mx  []string
	}{
		{"acmebank.com", []string{testAddrs.ip(hostWeb)}, []string{"mail.acmebank.com", "mx.acmebank-mx.net"}},
		{"relaymail.net", []string{testAddrs.ip(hostWeb), "127.0.0.1"}, nil},
	} {
		e, _ := r.manifest.Lookup(tc.domain)
		if !slices.Equal(e.A, tc.a) || !slices.Equal(e.MX, tc.mx) {
			t.Errorf("%s: manifest A %v MX %v, want A %v MX %v", tc.domain, e.A, e.MX, tc.a, tc.mx)
		}
	}
}

// The manifest lists a mail host once however often its MX is spelt, and a
// null MX not at all.
func TestRenderRecordsManifestMX(t *testing.T) {
	spec := Spec{
		Brands:     []string{"acmebank.com"},
		Registered: []Name{{Domain: "acmebnk.com", Kind: NSOnly}},
		Records: []Record{
			{Owner: "acmebank.com", Type: "MX", Data: "20 mx.relaymail.net"},
			{Owner: "acmebank.com", Type: "MX", Data: "20 MX.relaymail.net."},
			{Owner: "acmebnk.com", Type: "MX", Data: "0 ."},
		},
	}
	r, err := render(&spec, testAddrs, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		domain string
		mx     []string
	}{
		{"acmebank.com", []string{"mail.acmebank.com", "mx.relaymail.net"}},
		{"acmebnk.com", nil},
	} {
		if e, _ := r.manifest.Lookup(tc.domain); !slices.Equal(e.MX, tc.mx) {
			t.Errorf("%s: manifest MX %v, want %v", tc.domain, e.MX, tc.mx)
		}
	}
}

// A record the spec accepts renders into a zone that parses, holding it.
func FuzzRecord(f *testing.F) {
	for _, r := range recordsSpec().Records {
		f.Add(r.Owner, r.Type, r.Data)
	}
	f.Add("x.acmebank.com", "CNAME", "acmebank.com")
	f.Add("acmebank.com", "TXT", `"a;b" "c\"d"`)
	f.Add("acmebank.com", "MX", "0 .")
	f.Fuzz(func(t *testing.T, owner, typ, data string) {
		s := recordsSpec()
		s.Records = []Record{{Owner: owner, Type: typ, Data: data}}
		if s.Validate() != nil {
			return
		}
		r, err := render(&s, testAddrs, 1)
		if err != nil {
			t.Fatalf("valid spec does not render: %v", err)
		}
		zones := zoneRRs(t, r.zones)
		want, _ := s.Records[0].parse(&s)
		origin := s.hostedZone(owner)
		var found bool
		for _, rr := range zones[origin][dns.Fqdn(owner)+" "+typ] {
			found = found || dns.IsDuplicate(rr, want)
		}
		if !found {
			t.Fatalf("record %s %s %q is not in zone %s as %s", owner, typ, data, origin, want)
		}
	})
}
