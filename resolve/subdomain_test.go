package resolve

import (
	"testing"

	"github.com/miekg/dns"
)

// subdomainCases are pairs plainUnder must judge as dns.IsSubDomain does.
var subdomainCases = []struct{ name, zone string }{
	{"com.", "com."},
	{"com.", "."},
	{".", "."},
	{".", "com."},
	{"acmebank.com.", "com."},
	{"ACMEBANK.Com.", "com."},
	{"acmebank.com.", "COM."},
	{"xcom.", "com."},
	{"com.", "xcom."},
	{"co.uk.", "uk."},
	{"a.b.co.uk.", "co.uk."},
	{"b.co.uk.", "a.b.co.uk."},
	{"rpz.local.", "com."},
	{"a\\.b.com.", "b.com."},
	{"a.b\\.com.", "com."},
	{"com", "com."},
	{"acmebank.com.", "com"},
	{"a..com.", "com."},
	{"é.com.", "com."},
	{"", "."},
	{"a.com.", ""},
}

func TestPlainUnderAgreesWithIsSubDomain(t *testing.T) {
	for _, tt := range subdomainCases {
		t.Run(tt.name+" under "+tt.zone, func(t *testing.T) {
			want := dns.IsSubDomain(dns.CanonicalName(tt.zone), dns.CanonicalName(tt.name))
			under, ok := plainUnder(tt.name, tt.zone)
			if ok && under != want {
				t.Errorf("plainUnder(%q, %q) = %v, IsSubDomain says %v", tt.name, tt.zone, under, want)
			}
		})
	}
}

func TestPlainUnderAllocatesNothing(t *testing.T) {
	var under bool
	n := testing.AllocsPerRun(100, func() { under, _ = plainUnder("zq0000001-nx.co.uk.", "CO.UK.") })
	if !under {
		t.Error("zq0000001-nx.co.uk. not under CO.UK.")
	}
	if n != 0 {
		t.Errorf("%v allocations a call, want 0", n)
	}
}

func FuzzPlainUnder(f *testing.F) {
	for _, tt := range subdomainCases {
		f.Add(tt.name, tt.zone)
	}
	f.Fuzz(func(t *testing.T, name, zone string) {
		under, ok := plainUnder(name, zone)
		if !ok {
			return
		}
		if want := dns.IsSubDomain(dns.CanonicalName(zone), dns.CanonicalName(name)); under != want {
			t.Fatalf("plainUnder(%q, %q) = %v, IsSubDomain says %v", name, zone, under, want)
		}
	})
}
