package webtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"time"
)

// NotBefore and NotAfter bound every certificate the CA issues, fixed so
// that what a test records of them is the same on every run.
var (
	NotBefore = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	NotAfter  = time.Date(2027, 11, 1, 0, 0, 0, 0, time.UTC)
)

// CA is a certificate authority that exists for one test run.
type CA struct {
	Pool *x509.CertPool // trusts the CA: give it to the fetcher as RootCAs
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	next int64
}

// NewCA makes a CA called name.
func NewCA(name string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: name, Organization: []string{name}},
		NotBefore:             NotBefore,
		NotAfter:              NotAfter,
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &CA{Pool: pool, cert: cert, key: key, next: 2}, nil
}

// Issue returns a server certificate for hosts (names or IP addresses).
func (ca *CA) Issue(hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(ca.next),
		Subject:      pkix.Name{CommonName: hosts[0]},
		NotBefore:    NotBefore,
		NotAfter:     NotAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	ca.next++
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("certificate for %v: %w", hosts, err)
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.cert.Raw}, PrivateKey: key}, nil
}

// ServerConfig is a TLS config that presents a certificate for each host
// (chosen by SNI; the first for clients without SNI).
func (ca *CA) ServerConfig(hosts ...string) (*tls.Config, error) {
	var certs []tls.Certificate
	for _, h := range hosts {
		c, err := ca.Issue(h, "www."+h)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	return &tls.Config{Certificates: certs, MinVersion: tls.VersionTLS12}, nil
}
