package notify

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpServer is a minimal SMTP server on loopback: enough of RFC 5321 for
// net/smtp, with STARTTLS, implicit TLS and AUTH PLAIN, and replies a test can
// script.
type smtpServer struct {
	ln       net.Listener
	tls      *tls.Config // offers STARTTLS when set (and not implicit)
	implicit bool
	auth     bool // offers AUTH PLAIN
	// greeting returns the banner for the n-th connection (from 0).
	greeting func(n int) string
	rcpt     string // reply to RCPT; default 250

	mu    sync.Mutex
	conns int
	mails []gotMail
}

type gotMail struct {
	from       string
	to         []string
	data       []byte
	user, pass string
	authTLS    bool // AUTH came over TLS
}

func startSMTP(t *testing.T, s *smtpServer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.ln = ln
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return ln.Addr().String()
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	s.mu.Lock()
	n := s.conns
	s.conns++
	s.mu.Unlock()
	secure := false
	if s.implicit {
		tc := tls.Server(c, s.tls)
		if tc.Handshake() != nil {
			return
		}
		c, secure = tc, true
	}
	tp := textproto.NewConn(c)
	greet := "220 test ESMTP"
	if s.greeting != nil {
		greet = s.greeting(n)
	}
	tp.PrintfLine("%s", greet)
	if !strings.HasPrefix(greet, "220") {
		return
	}
	var m gotMail
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"test"}
			if s.tls != nil && !secure {
				ext = append(ext, "STARTTLS")
			}
			if s.auth {
				ext = append(ext, "AUTH PLAIN")
			}
			for i, e := range ext {
				sep := "-"
				if i == len(ext)-1 {
					sep = " "
				}
				tp.PrintfLine("250%s%s", sep, e)
			}
		case "STARTTLS":
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, s.tls)
			if tc.Handshake() != nil {
				return
			}
			c, secure = tc, true
			tp = textproto.NewConn(c)
		case "AUTH":
			_, resp, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if len(parts) == 3 {
				m.user, m.pass, m.authTLS = parts[1], parts[2], secure
			}
			tp.PrintfLine("235 ok")
		case "MAIL":
			m.from = angle(arg)
			tp.PrintfLine("250 ok")
		case "RCPT":
			if s.rcpt != "" {
				tp.PrintfLine("%s", s.rcpt)
				continue
			}
			m.to = append(m.to, angle(arg))
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m.data = data
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		case "RSET", "NOOP":
			tp.PrintfLine("250 ok")
		default:
			tp.PrintfLine("502 not here")
		}
	}
}

// angle returns the address between < and > of a MAIL or RCPT argument.
func angle(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}

func (s *smtpServer) result() (int, []gotMail) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns, append([]gotMail(nil), s.mails...)
}

// testCert makes a certificate for 127.0.0.1 and a client config that trusts
// it.
func testCert(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "lookalike test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

func TestEmail(t *testing.T) {
	serverTLS, clientTLS := testCert(t)
	busyOnce := func(n int) string {
		if n == 0 {
			return "421 busy, try later"
		}
		return "220 test ESMTP"
	}
	tests := []struct {
		name       string
		server     *smtpServer
		cfg        SMTP // Addr is filled in
		remote     bool // pretend the server is not on this machine
		wantConns  int
		wantMails  int
		wantErr    string
		wantUser   string
		wantTLSAut bool
	}{
		{name: "relay on loopback, no login", server: &smtpServer{},
			cfg: SMTP{From: "lookalike@example.org", To: []string{"soc@example.org"}}, wantConns: 1, wantMails: 1},
		{name: "login to a loopback relay without TLS", server: &smtpServer{auth: true},
			cfg:       SMTP{From: "lookalike@example.org", To: []string{"soc@example.org"}, Username: "u", Password: "p"},
			wantConns: 1, wantMails: 1, wantUser: "u"},
		{name: "STARTTLS before login", server: &smtpServer{auth: true, tls: serverTLS},
			cfg: SMTP{From: "lookalike@example.org", To: []string{"soc@example.org", "Brand Team <brand@example.org>"},
				Username: "u", Password: "p", TLS: clientTLS},
			remote: true, wantConns: 1, wantMails: 1, wantUser: "u", wantTLSAut: true},
		{name: "implicit TLS", server: &smtpServer{auth: true, tls: serverTLS, implicit: true},
			cfg: SMTP{From: "lookalike@example.org", To: []string{"soc@example.org"},
				Username: "u", Password: "p", TLS: clientTLS, ImplicitTLS: true},
			remote: true, wantConns: 1, wantMails: 1, wantUser: "u", wantTLSAut: true},
		{name: "busy once, then delivered", server: &smtpServer{greeting: busyOnce},
			cfg: SMTP{From: "lookalike@example.org", To: []string{"soc@example.org"}}, wantConns: 2, wantMails: 1},
		{name: "always busy: three tries", server: &smtpServer{greeting: func(int) string { return "421 busy" }},
			cfg:       SMTP{From: "lookalike@example.org", To: []string{"soc@example.org"}},
			wantConns: 3, wantErr: "421"},
		{name: "recipient refused: no retry", server: &smtpServer{rcpt: "550 no such user"},
			cfg:       SMTP{From: "lookalike@example.org", To: []string{"nobody@example.org"}},
			wantConns: 1, wantErr: "550"},
		{name: "no password over a network in the clear", server: &smtpServer{auth: true},
			cfg:    SMTP{From: "lookalike@example.org", To: []string{"soc@example.org"}, Username: "u", Password: "p"},
			remote: true, wantConns: 1, wantErr: "refusing to send the password"},
		{name: "untrusted certificate: no retry", server: &smtpServer{tls: serverTLS},
			cfg:       SMTP{From: "lookalike@example.org", To: []string{"soc@example.org"}},
			wantConns: 1, wantErr: "TLS"},
		{name: "login where the server offers none", server: &smtpServer{},
			cfg:       SMTP{From: "lookalike@example.org", To: []string{"soc@example.org"}, Username: "u", Password: "p"},
			wantConns: 1, wantErr: "no AUTH PLAIN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast(t)
			if tt.remote {
				old := loopback
				loopback = func(string) bool { return false }
				t.Cleanup(func() { loopback = old })
			}
			srv := tt.server
			cfg := tt.cfg
			cfg.Addr = startSMTP(t, srv)
			msg := NewMessage(sample)
			err := Email(context.Background(), cfg, msg)
			conns, mails := srv.result()
			if conns != tt.wantConns || len(mails) != tt.wantMails {
				t.Errorf("%d connections, %d mails; want %d, %d", conns, len(mails), tt.wantConns, tt.wantMails)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to say %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := mails[0]
			if got.user != tt.wantUser || (tt.wantUser != "" && got.pass != "p") || got.authTLS != tt.wantTLSAut {
				t.Errorf("login: user %q pass %q over TLS %v; want %q over TLS %v", got.user, got.pass, got.authTLS, tt.wantUser, tt.wantTLSAut)
			}
			if got.from != "lookalike@example.org" || len(got.to) != len(cfg.To) {
				t.Errorf("envelope: from %q to %q", got.from, got.to)
			}
			checkMail(t, got.data, msg)
		})
	}
}

// checkMail parses the message as a mail reader would and compares it with
// what was sent.
func checkMail(t *testing.T, data []byte, msg Message) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a mail message: %v\n%s", err, data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != msg.Subject {
		t.Errorf("Subject = %q (%v), want %q", subject, err, msg.Subject)
	}
	if _, err := m.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if m.Header.Get("Content-Type") != "text/plain; charset=utf-8" || m.Header.Get("Message-Id") == "" {
		t.Errorf("headers: %v", m.Header)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(m.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != msg.Text {
		t.Errorf("body:\n%s\nwant:\n%s", got, msg.Text)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if len(sc.Bytes()) > 998 {
			t.Errorf("line of %d octets breaks RFC 5322's limit", len(sc.Bytes()))
		}
	}
}

func TestEmailBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  SMTP
		want string
	}{
		{"no port", SMTP{Addr: "smtp.example.org", From: "a@example.org", To: []string{"b@example.org"}}, "host:port"},
		{"bad from", SMTP{Addr: "127.0.0.1:25", From: "not an address", To: []string{"b@example.org"}}, "from"},
		{"no recipient", SMTP{Addr: "127.0.0.1:25", From: "a@example.org"}, "no recipients"},
		{"header injection in to", SMTP{Addr: "127.0.0.1:25", From: "a@example.org", To: []string{"b@example.org\r\nBcc: c@example.org"}}, "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Email(context.Background(), tt.cfg, NewMessage(sample))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

func TestBuildMailKeepsHeadersOnTheirLines(t *testing.T) {
	from, _ := mail.ParseAddress("a@example.org")
	to, _ := mail.ParseAddress("b@example.org")
	data, err := buildMail(from, []*mail.Address{to}, Message{Subject: "x\r\nBcc: evil@example.org", Text: "hi\n"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("Bcc") != "" {
		t.Errorf("a subject with a line break added a header:\n%s", data)
	}
}

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "127.1.2.3": true, "::1": true,
		"smtp.example.org": false, "192.0.2.1": false, "::ffff:192.0.2.1": false,
	} {
		if got := loopback(host); got != want {
			t.Errorf("loopback(%q) = %v, want %v", host, got, want)
		}
	}
}
