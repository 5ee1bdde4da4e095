package wordlists

import (
	"fmt"
	"strings"
	"testing"
)

func TestParkingData(t *testing.T) {
	svcs := Parking()
	if len(svcs) < 15 {
		t.Fatalf("Parking() has %d services, want at least 15", len(svcs))
	}
	names := map[string]bool{}
	for _, s := range svcs {
		if names[s.Name] {
			t.Errorf("service %q listed twice", s.Name)
		}
		names[s.Name] = true
		if s.Kind != "parking" && s.Kind != "marketplace" {
			t.Errorf("%s: kind %q", s.Name, s.Kind)
		}
		if len(s.NS) == 0 {
			t.Errorf("%s has no name servers", s.Name)
		}
		for _, ns := range s.NS {
			if !isLowerDomain(ns) {
				t.Errorf("%s: %q is not a lower-case domain", s.Name, ns)
			}
		}
	}
	for _, want := range []string{"Sedo", "Bodis", "ParkingCrew", "Above.com", "Dan.com", "Afternic", "HugeDomains", "Uniregistry Market", "GoDaddy CashParking"} {
		if !names[want] {
			t.Errorf("Parking() lacks %s", want)
		}
	}
}

// General-purpose DNS hosting must never be taken for parking: a phishing site
// on GoDaddy or Namecheap DNS would be reported as harmless.
func TestParkingExcludesGeneralDNS(t *testing.T) {
	for _, host := range []string{
		"ns01.domaincontrol.com", "dns1.registrar-servers.com", "ns1.namebrightdns.com",
		"ns1.dns-parking.com", "ns1.epik.com", "kate.ns.cloudflare.com", "ns-1.awsdns-00.com",
	} {
		if s, ok := ParkingByNS(host); ok {
			t.Errorf("ParkingByNS(%q) = %s, want no match", host, s.Name)
		}
	}
}

func TestParkingByNS(t *testing.T) {
	tests := []struct {
		host     string
		wantName string // "" means no match
		wantKind string
	}{
		{"ns1.sedoparking.com.", "Sedo", "parking"},
		{"NS2.SEDOPARKING.COM", "Sedo", "parking"},
		{"sedoparking.com", "Sedo", "parking"},
		{"ns1.bodis.com", "Bodis", "parking"},
		{"ns2.parkingcrew.net", "ParkingCrew", "parking"},
		{"ns1.dan.com", "Dan.com", "marketplace"},
		{"ns2.undeveloped.com", "Dan.com", "marketplace"},
		{"ns1.afternic.com.", "Afternic", "marketplace"},
		{"ns01.cashparking.com", "GoDaddy CashParking", "parking"},
		{"ns1.uniregistrymarket.link", "Uniregistry Market", "marketplace"},
		{" ns1.sedoparking.com ", "Sedo", "parking"},
		{"ns1.notsedoparking.com", "", ""},
		{"sedoparking.com.evil.example", "", ""},
		{"com", "", ""},
		{"", "", ""},
		{".", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			s, ok := ParkingByNS(tt.host)
			if ok != (tt.wantName != "") || s.Name != tt.wantName || s.Kind != tt.wantKind {
				t.Errorf("ParkingByNS(%q) = %+v, %v; want %q (%s)", tt.host, s, ok, tt.wantName, tt.wantKind)
			}
		})
	}
}

func TestParkingReturnsCopies(t *testing.T) {
	s, _ := ParkingByNS("ns1.sedoparking.com")
	s.NS[0] = "mutated"
	Parking()[0].NS[0] = "mutated"
	if s2, _ := ParkingByNS("ns1.sedoparking.com"); s2.NS[0] == "mutated" {
		t.Error("ParkingByNS returns shared storage")
	}
	if Parking()[0].NS[0] == "mutated" {
		t.Error("Parking returns shared storage")
	}
}

func FuzzParkingByNS(f *testing.F) {
	for _, s := range []string{"ns1.sedoparking.com.", "NS1.BODIS.COM", "", ".", "..", "a..sedoparking.com", "\xff.dan.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		s, ok := ParkingByNS(host)
		if !ok {
			if s.Name != "" || s.NS != nil {
				t.Fatalf("no match but service %+v", s)
			}
			return
		}
		h := "." + normalizeDomain(host)
		for _, ns := range s.NS {
			if strings.HasSuffix(h, "."+ns) {
				return
			}
		}
		t.Fatalf("ParkingByNS(%q) = %s, whose name servers %v are no label-boundary suffix", host, s.Name, s.NS)
	})
}

func ExampleParkingByNS() {
	s, ok := ParkingByNS("NS1.SEDOPARKING.COM.")
	fmt.Println(s.Name, s.Kind, ok)
	_, ok = ParkingByNS("ns01.domaincontrol.com")
	fmt.Println(ok)
	// Output:
	// Sedo parking true
	// false
}
