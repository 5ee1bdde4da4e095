package resolve

import (
	"testing"

	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/miekg/dns"
)

// FuzzClassify reads any reply as an answer to "name.com. NS": an NXDOMAIN
// verdict must rest on an NXDOMAIN rcode and the SOA of an ancestor zone,
// and a delegation on NS records owned by the name.
func FuzzClassify(f *testing.F) {
	seed := func(rcode int, ns ...dns.RR) {
		m := new(dns.Msg)
		m.SetQuestion("name.com.", dns.TypeNS)
		m.Response, m.Rcode, m.Ns = true, rcode, ns
		b, err := m.Pack()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	seed(dns.RcodeNameError, dnstest.SOA("com"))
	seed(dns.RcodeNameError, dnstest.SOA("rpz.local"))
	seed(dns.RcodeNameError)
	seed(dns.RcodeSuccess, dnstest.NS("name.com", "ns1.host.net")...)
	seed(dns.RcodeSuccess, dnstest.NS("com", "a.gtld.test")...)
	const fqdn = "name.com."
	f.Fuzz(func(t *testing.T, b []byte) {
		m := new(dns.Msg)
		if m.Unpack(b) != nil {
			return
		}
		v, ns := classify(m, fqdn)
		switch v {
		case vNX:
			if m.Rcode != dns.RcodeNameError || !soaFits(m.Ns, fqdn) {
				t.Fatalf("NXDOMAIN verdict from rcode %d, authority %v", m.Rcode, m.Ns)
			}
			ok := false
			for _, rr := range m.Ns {
				if soa, isSOA := rr.(*dns.SOA); isSOA && dns.IsSubDomain(dns.CanonicalName(soa.Hdr.Name), "com.") {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("NXDOMAIN verdict without an ancestor's SOA: %v", m.Ns)
			}
		case vFiltered:
			if m.Rcode != dns.RcodeNameError || soaFits(m.Ns, fqdn) {
				t.Fatalf("filtered verdict from rcode %d with a fitting SOA %v", m.Rcode, m.Ns)
			}
		case vDelegation:
			if len(ns) == 0 || len(nsOwnedBy(append(m.Answer, m.Ns...), fqdn)) == 0 {
				t.Fatalf("delegation without NS owned by %s: %v", fqdn, m)
			}
		}
	})
}
