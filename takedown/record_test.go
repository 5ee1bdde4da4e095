package takedown

import (
	"reflect"
	"testing"

	"github.com/lookalike/lookalike/report"
)

func TestFromRecord(t *testing.T) {
	r := report.Record{
		{Key: "domain", Value: "acmebank-login.com"},
		{Key: "brand", Value: "acmebank.com"},
		{Key: "ns", Value: "ns1.example-dns.net ns2.example-dns.net"}, // as CSV carries lists
		{Key: "a", Value: []string{"198.51.100.7"}},
		{Key: "aaaa", Value: []string(nil)},
		{Key: "mx", Value: []string{"mail.acmebank-login.com"}},
		{Key: "verdict", Value: "third-party"},
		{Key: "risk", Value: 94},
		{Key: "evidence", Value: "mx mail.acmebank-login.com; a 198.51.100.7"},
		{Key: "screenshot", Value: "/tmp/shots/acmebank-login.com.png"},
	}
	want := Evidence{Domain: "acmebank-login.com", Brand: "acmebank.com", Verdict: "third-party", Risk: 94,
		NS: []string{"ns1.example-dns.net", "ns2.example-dns.net"}, A: []string{"198.51.100.7"}, MX: []string{"mail.acmebank-login.com"},
		Evidence: []string{"mx mail.acmebank-login.com", "a 198.51.100.7"}, Screenshot: "/tmp/shots/acmebank-login.com.png"}
	if got := FromRecord(r); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
