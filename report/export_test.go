package report

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// exportNow stamps every export in the tests.
var exportNow = time.Date(2026, 12, 2, 3, 15, 0, 0, time.UTC)

// finding builds a record with the fields and order FindingRecord writes, so
// that the writers are tested on what a scan hands them.
func exportRecord(brand, domain, unicode, verdict string, risk int, mail bool, evidence, parking string, fuzzers ...string) Record {
	if unicode == "" {
		unicode = domain
	}
	fuzzer := ""
	if len(fuzzers) > 0 {
		fuzzer = fuzzers[0]
	}
	status := "registered"
	switch verdict {
	case VerdictDefend:
		status = "unregistered"
	case VerdictUnknown:
		status = "unknown"
	}
	return Record{
		{Key: "domain", Value: domain},
		{Key: "unicode", Value: unicode},
		{Key: "fuzzer", Value: fuzzer},
		{Key: "fuzzers", Value: fuzzers},
		{Key: "brand", Value: brand},
		{Key: "registrable", Value: domain},
		{Key: "status", Value: status},
		{Key: "reason", Value: ""},
		{Key: "ns", Value: []string(nil)},
		{Key: "a", Value: []string(nil)},
		{Key: "aaaa", Value: []string(nil)},
		{Key: "mx", Value: []string(nil)},
		{Key: "cname", Value: []string(nil)},
		{Key: "verdict", Value: verdict},
		{Key: "risk", Value: risk},
		{Key: "mail", Value: mail},
		{Key: "evidence", Value: evidence},
		{Key: "parking", Value: parking},
		{Key: "registrar", Value: ""},
		{Key: "created", Value: ""},
	}
}

// exportFixture is a scan of acmebank.com as the e2e world gives it, with
// one finding of every verdict and the traps a blocklist must not fall into.
func exportFixture() []Record {
	return []Record{
		exportRecord("acmebank.com", "acmebank-login.com", "", VerdictThirdParty, 94, true, "mx mail.acmebank-login.com", "", "combo"),
		exportRecord("acmebank.com", "acmebank.ws", "", VerdictThirdParty, 86, true, "mx mail.acmebank.ws; a 192.0.2.80", "", "tld-swap"),
		exportRecord("acmebank.com", "xn--cmebank-7va.com", "àcmebank.com", VerdictThirdParty, 84, true, "no mx: 192.0.2.80 takes mail (RFC 5321 §5.1)", "", "homoglyph"),
		exportRecord("acmebank.com", "acmebank.org", "", VerdictParked, 65, true, "ns ns1.sedoparking.com (Sedo: parking)", "Sedo", "tld-swap"),
		exportRecord("acmebank.com", "acmebank-secure.com", "", VerdictImpersonating, 99, true, "login form with the brand's name; page 91% like the brand's", "", "combo"),
		exportRecord("acmebank.com", "acmebank-support.com", "", VerdictOwned, 74, true, "ns ns1.acmebank.com under brand domain", "", "combo"),
		exportRecord("acmebank.com", "acmebank.net", "", VerdictThirdParty, 63, true, "in portfolio; ns ns1.acmebank.net", "", "tld-swap"),
		exportRecord("acmebank.com", "acrnebank.com", "", VerdictDefend, 75, false, "", "", "homoglyph"),
		exportRecord("acmebank.com", "account-acmebank.ws", "", VerdictUnknown, 65, false, "", "", "combo"),
		// The brand itself, a name beneath it and a name that is no host
		// name: none may reach a zone file or a pattern.
		exportRecord("acmebank.com", "acmebank.com", "", VerdictThirdParty, 50, false, "", ""),
		exportRecord("acmebank.com", "www.acmebank.com", "", VerdictThirdParty, 50, false, "", ""),
		exportRecord("acmebank.com", "evil.com. CNAME rpz-passthru.", "", VerdictThirdParty, 50, false, "", ""),
		exportRecord("acmebank.com", "x'] OR [domain-name:value = 'y.com", "", VerdictThirdParty, 50, false, "", ""),
	}
}

func exportWith(t *testing.T, newWriter func(io.Writer, ExportOptions) Writer, o ExportOptions, recs []Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := newWriter(&buf, o)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var exportFormats = []struct {
	name      string
	newWriter func(io.Writer, ExportOptions) Writer
	golden    string
}{
	{"blocklist", NewBlocklistWriter, "export.blocklist"},
	{"rpz", NewRPZWriter, "export.rpz"},
	{"stix", NewSTIXWriter, "export.stix.json"},
	{"misp", NewMISPWriter, "export.misp.json"},
}

func TestExportGolden(t *testing.T) {
	opts := ExportOptions{Now: exportNow, Protect: []string{"acmebank.net"}}
	for _, f := range exportFormats {
		t.Run(f.name, func(t *testing.T) {
			goldenFile(t, f.golden, exportWith(t, f.newWriter, opts, exportFixture()))
		})
	}
}

// TestExportDeterministic: the same findings in another order, and one of
// them twice, give the same bytes; the ids of a finding do not depend on what
// else is in the file.
func TestExportDeterministic(t *testing.T) {
	opts := ExportOptions{Now: exportNow}
	recs := exportFixture()
	rev := slices.Clone(recs)
	slices.Reverse(rev)
	rev = append(rev, recs[0])
	for _, f := range exportFormats {
		t.Run(f.name, func(t *testing.T) {
			a := exportWith(t, f.newWriter, opts, recs)
			b := exportWith(t, f.newWriter, opts, rev)
			if !bytes.Equal(a, b) {
				t.Errorf("order changed the output:\n%s\n---\n%s", a, b)
			}
		})
	}
	one := exportWith(t, NewSTIXWriter, opts, recs[:1])
	all := exportWith(t, NewSTIXWriter, opts, recs)
	id := stixIDOf(t, one, "acmebank-login.com")
	if got := stixIDOf(t, all, "acmebank-login.com"); got != id || id == "" {
		t.Errorf("indicator id of acmebank-login.com is %q alone and %q among others", id, got)
	}
}

func stixIDOf(t *testing.T, bundle []byte, domain string) string {
	t.Helper()
	var b struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		t.Fatal(err)
	}
	for _, o := range b.Objects {
		if o["type"] == "indicator" && strings.Contains(o["pattern"].(string), "'"+domain+"'") {
			return o["id"].(string)
		}
	}
	return ""
}

// TestExportChoosesNames is the rule every defender format shares: which
// names go out.
func TestExportChoosesNames(t *testing.T) {
	tests := []struct {
		name string
		opts ExportOptions
		want []string
	}{
		{
			name: "default: registered by someone else",
			want: []string{"acmebank-login.com", "acmebank-secure.com", "acmebank.org", "acmebank.ws", "xn--cmebank-7va.com"},
		},
		{
			name: "protected domains and the names beneath them stay out",
			opts: ExportOptions{Protect: []string{"acmebank.ws", "ACMEBANK.ORG."}},
			want: []string{"acmebank-login.com", "acmebank-secure.com", "xn--cmebank-7va.com"},
		},
		{
			name: "impersonating only",
			opts: ExportOptions{Verdicts: []string{VerdictImpersonating}},
			want: []string{"acmebank-secure.com"},
		},
		{
			name: "defend and unknown on request",
			opts: ExportOptions{Verdicts: []string{VerdictDefend, VerdictUnknown}},
			want: []string{"account-acmebank.ws", "acrnebank.com"},
		},
		{
			name: "owned never, even if a caller skipped Validate",
			opts: ExportOptions{Verdicts: []string{VerdictOwned}},
			want: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Fields(string(exportWith(t, NewBlocklistWriter, tc.opts, exportFixture())))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestExportOptionsValidate(t *testing.T) {
	tests := []struct {
		name    string
		opts    ExportOptions
		wantErr string
	}{
		{name: "zero", opts: ExportOptions{}},
		{name: "verdicts", opts: ExportOptions{Verdicts: []string{"third-party", "defend"}, TLP: "red", Zone: "rpz.example.com."}},
		{name: "owned", opts: ExportOptions{Verdicts: []string{"third-party", "owned"}}, wantErr: "never exported"},
		{name: "empty verdict", opts: ExportOptions{Verdicts: []string{""}}, wantErr: "empty entry"},
		{name: "typo", opts: ExportOptions{Verdicts: []string{"thirdparty"}}, wantErr: "unknown verdict \"thirdparty\""},
		{name: "bad zone", opts: ExportOptions{Zone: "not a zone"}, wantErr: "RPZ zone"},
		{name: "bad tlp", opts: ExportOptions{TLP: "purple"}, wantErr: "TLP \"purple\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.opts.Validate()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestRPZSerialFollowsTime(t *testing.T) {
	a := exportWith(t, NewRPZWriter, ExportOptions{Now: exportNow}, exportFixture())
	b := exportWith(t, NewRPZWriter, ExportOptions{Now: exportNow.Add(24 * time.Hour)}, exportFixture())
	// 2026-12-02T03:15:00Z and a day later.
	if !bytes.Contains(a, []byte(" 1796181300 ")) || !bytes.Contains(b, []byte(" 1796267700 ")) {
		t.Errorf("serials are not the times in Unix seconds:\n%s\n%s", a, b)
	}
}

func TestExportNameCases(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Acmebank-Login.COM.", "acmebank-login.com", true},
		{"àcmebank.com", "xn--cmebank-7va.com", true},
		{"_dmarc.acmebank.com", "_dmarc.acmebank.com", true},
		{"com", "", false},
		{"a b.com", "", false},
		{"a;b.com", "", false},
		{"-a.com", "", false},
		{"a..com", "", false},
		{"'.com", "", false},
		{strings.Repeat("a", 64) + ".com", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := exportName(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("exportName(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// FuzzExportName: whatever a record's domain holds, what reaches a zone file
// or a pattern is a plain host name.
func FuzzExportName(f *testing.F) {
	for _, s := range []string{"acmebank.com", "àcmebank.com", "a'b.com", "x.com. CNAME .", "\x00.com", "a.b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := exportName(s)
		if !ok {
			return
		}
		if len(n) > 253 || !strings.Contains(n, ".") {
			t.Fatalf("%q gave %q", s, n)
		}
		for _, c := range []byte(n) {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' && c != '.' {
				t.Fatalf("%q gave %q with byte %q", s, n, c)
			}
		}
		if again, ok := exportName(n); !ok || again != n {
			t.Fatalf("%q gave %q, which gives %q, %v", s, n, again, ok)
		}
	})
}

func TestNewHandOnWriter(t *testing.T) {
	for _, f := range HandOnFormats {
		var buf bytes.Buffer
		w, ok := NewHandOnWriter(&buf, f, ExportOptions{Now: exportNow}, HTMLOptions{})
		if !ok {
			t.Fatalf("%s: no writer", f)
		}
		for _, r := range exportFixture() {
			w.Write(r)
		}
		if err := w.Close(); err != nil || !bytes.Contains(buf.Bytes(), []byte("acmebank-login.com")) {
			t.Errorf("%s: err %v, output without the third-party name", f, err)
		}
	}
	if _, ok := NewHandOnWriter(io.Discard, FormatJSONL, ExportOptions{}, HTMLOptions{}); ok {
		t.Error("jsonl is not a hand-on format")
	}
}

// TestRPZParsesAsAZone reads the zone as a DNS server would (miekg/dns's
// zone parser): an SOA first, an NS, then for each name the two QNAME
// triggers with the NXDOMAIN action, all under the zone's origin.
func TestRPZParsesAsAZone(t *testing.T) {
	zone := exportWith(t, NewRPZWriter, ExportOptions{Now: exportNow, Zone: "rpz.example.com."}, exportFixture())
	zp := dns.NewZoneParser(bytes.NewReader(zone), "", "")
	var rrs []dns.RR
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		rrs = append(rrs, rr)
	}
	if err := zp.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rrs) != 2+2*5 {
		t.Fatalf("%d records, want SOA, NS and 2 for each of 5 names", len(rrs))
	}
	if soa, ok := rrs[0].(*dns.SOA); !ok || soa.Hdr.Name != "rpz.example.com." || soa.Serial != uint32(exportNow.Unix()) {
		t.Errorf("first record %v, want the SOA of rpz.example.com. with the serial", rrs[0])
	}
	if _, ok := rrs[1].(*dns.NS); !ok {
		t.Errorf("second record %v, want NS", rrs[1])
	}
	for _, rr := range rrs[2:] {
		c, ok := rr.(*dns.CNAME)
		if !ok || c.Target != "." || !strings.HasSuffix(c.Hdr.Name, ".rpz.example.com.") {
			t.Errorf("%v is not a QNAME trigger with the NXDOMAIN action", rr)
		}
		if strings.Contains(c.Hdr.Name, "acmebank.com.rpz") || strings.Contains(c.Hdr.Name, "acmebank-support") {
			t.Errorf("%v blocks the brand or an owned name", rr)
		}
	}
}
