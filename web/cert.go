package web

import (
	"crypto/tls"
	"crypto/x509"
	"strings"
)

// maxSANs caps the names kept from one certificate: a shared hosting
// certificate may carry hundreds, and the record only needs to show them.
const maxSANs = 50

// certOf records the leaf certificate of cs and checks it for host against
// the fetcher's roots.
func (f *Fetcher) certOf(cs *tls.ConnectionState, host string, brand Brand) *Cert {
	if cs == nil || len(cs.PeerCertificates) == 0 {
		return nil
	}
	leaf := cs.PeerCertificates[0]
	c := &Cert{
		Subject:   clip(Clean(leaf.Subject.String()), 300),
		Issuer:    clip(Clean(leaf.Issuer.String()), 300),
		NotBefore: leaf.NotBefore.UTC(),
		NotAfter:  leaf.NotAfter.UTC(),
	}
	for i, n := range leaf.DNSNames {
		if i == maxSANs {
			break
		}
		c.SANs = append(c.SANs, clip(Clean(n), 253))
	}
	inter := x509.NewCertPool()
	for _, ic := range cs.PeerCertificates[1:] {
		inter.AddCert(ic)
	}
	_, err := leaf.Verify(x509.VerifyOptions{
		DNSName:       host,
		Roots:         f.opt.RootCAs,
		Intermediates: inter,
		CurrentTime:   f.opt.Now(),
	})
	if err != nil {
		c.Invalid = clip(Clean(err.Error()), 300)
	} else {
		c.Valid = true
	}
	c.Brand = certNamesBrand(leaf, brand)
	return c
}

func certNamesBrand(leaf *x509.Certificate, brand Brand) bool {
	texts := append([]string{leaf.Subject.CommonName}, leaf.DNSNames...)
	texts = append(texts, leaf.Subject.Organization...)
	for _, t := range texts {
		// A SAN is a host name: the brand's label as one of its labels,
		// or inside one ("acmebank-login"), both count.
		if mentions(alnum(t), brand) != "" {
			return true
		}
	}
	return false
}

// alnum keeps the letters and digits of s, lower-cased: "Acme Bank" and
// "acme-bank" both become "acmebank".
func alnum(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && isLetterOrDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
