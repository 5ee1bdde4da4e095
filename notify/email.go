package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// SMTP says how to send mail.
type SMTP struct {
	// Addr is the server as host:port. Port 465 speaks TLS from the first byte
	// (RFC 8314); any other port is upgraded with STARTTLS when the server
	// offers it.
	Addr string
	From string
	To   []string
	// Username and Password, when set, log in with AUTH PLAIN, which is only
	// done over TLS or to a loopback server: a password never crosses a
	// network in the clear.
	Username string
	Password string
	// ImplicitTLS forces TLS from the first byte on a port other than 465.
	ImplicitTLS bool
	// TLS overrides the TLS settings (a private CA, say); nil means the
	// system's roots and the host of Addr as server name.
	TLS *tls.Config
}

// emailTimeout bounds one delivery attempt.
const emailTimeout = time.Minute

// loopback reports whether host is this machine; a variable so that tests can
// play a remote server without leaving loopback.
var loopback = func(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// envelope checks cfg's server and addresses and parses them; what names
// the caller in its errors.
func (cfg SMTP) envelope(what string) (host, port string, from *mail.Address, to []*mail.Address, err error) {
	host, port, err = net.SplitHostPort(cfg.Addr)
	if err != nil || host == "" {
		return "", "", nil, nil, fmt.Errorf("%s: server %q: want host:port, e.g. smtp.example.com:587", what, cfg.Addr)
	}
	if from, err = mail.ParseAddress(cfg.From); err != nil {
		return "", "", nil, nil, fmt.Errorf("%s: from %q: %w", what, cfg.From, err)
	}
	if len(cfg.To) == 0 {
		return "", "", nil, nil, fmt.Errorf("%s: no recipients; give at least one address in to", what)
	}
	for _, t := range cfg.To {
		a, err := mail.ParseAddress(t)
		if err != nil {
			return "", "", nil, nil, fmt.Errorf("%s: to %q: %w", what, t, err)
		}
		to = append(to, a)
	}
	return host, port, from, to, nil
}

// Email sends m to cfg.To through cfg's server, retrying connection failures
// and 4xx replies a few times with backoff. A 5xx reply, a refused TLS
// certificate or a configuration that would expose the password fail at once.
// Once the server has accepted the message it is not sent again, even if the
// goodbye fails.
func Email(ctx context.Context, cfg SMTP, m Message) error {
	host, port, from, to, err := cfg.envelope("notify email")
	if err != nil {
		return err
	}
	msg, err := buildMail(from, to, m, time.Now())
	if err != nil {
		return fmt.Errorf("notify email: %w", err)
	}
	return cfg.send(ctx, "notify email", host, port, from, to, msg)
}

// send delivers msg with retries, over TLS at once on port 465 (or when
// ImplicitTLS), else with STARTTLS when offered; what names the caller in
// its error.
func (cfg SMTP) send(ctx context.Context, what, host, port string, from *mail.Address, to []*mail.Address, msg []byte) error {
	tlsCfg := cfg.TLS.Clone()
	if tlsCfg == nil {
		tlsCfg = &tls.Config{}
	}
	if tlsCfg.ServerName == "" {
		tlsCfg.ServerName = host
	}
	implicit := cfg.ImplicitTLS || port == "465"
	err := retry(ctx, func(ctx context.Context) error {
		return deliver(ctx, cfg, host, implicit, tlsCfg, from, to, msg)
	})
	if err != nil {
		return fmt.Errorf("%s via %s: %w", what, cfg.Addr, err)
	}
	return nil
}

func deliver(ctx context.Context, cfg SMTP, host string, implicit bool, tlsCfg *tls.Config,
	from *mail.Address, to []*mail.Address, msg []byte) (err error) {
	ctx, cancel := context.WithTimeout(ctx, emailTimeout)
	defer cancel()
	var d net.Dialer
	raw, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return err
	}
	// Every byte read counts against a total; every plaintext line against a
	// line cap (ciphertext has no lines, so the cap moves above TLS).
	total := capConn(raw, !implicit)
	var conn net.Conn = total
	// net/smtp knows no context: closing the connection unblocks it.
	stop := context.AfterFunc(ctx, func() { raw.Close() })
	defer stop()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	secure := false
	if implicit {
		tc := tls.Client(conn, tlsCfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return classifyTLS(err)
		}
		plain := capConn(tc, true)
		plain.left = maxSMTPTotal // the total is counted below TLS already
		conn, secure = plain, true
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return classify(err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return classify(err)
	}
	if !secure {
		if ok, _ := c.Extension("STARTTLS"); ok {
			total.lines = false // from here on the socket carries ciphertext
			if err := c.StartTLS(tlsCfg); err != nil {
				return classifyTLS(err)
			}
			secure = true
		}
	}
	if cfg.Username != "" {
		if !secure && !loopback(host) {
			return permanent(fmt.Errorf("refusing to send the password unencrypted: %s offers no STARTTLS; use port 465, a server with STARTTLS, or a relay on this machine", cfg.Addr))
		}
		if ok, mechs := c.Extension("AUTH"); !ok || !hasWord(mechs, "PLAIN") {
			return permanent(fmt.Errorf("server offers no AUTH PLAIN (offers %q); remove the username or use another server", mechs))
		}
		if err := c.Auth(plainAuth{cfg.Username, cfg.Password}); err != nil {
			return classify(err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return classify(err)
	}
	for _, a := range to {
		if err := c.Rcpt(a.Address); err != nil {
			return classify(fmt.Errorf("recipient %s: %w", a.Address, err))
		}
	}
	w, err := c.Data()
	if err != nil {
		return classify(err)
	}
	if _, err := w.Write(msg); err != nil {
		return classify(err)
	}
	if err := w.Close(); err != nil {
		return classify(err)
	}
	// Accepted: whatever happens now, sending again would duplicate the mail.
	c.Quit()
	return nil
}

// classify marks SMTP 5xx replies permanent; 4xx and network errors are
// worth another try.
func classify(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return permanent(err)
	}
	return err
}

// classifyTLS marks certificate problems permanent: they do not heal in
// seconds, and retrying hides the message that says what to fix.
func classifyTLS(err error) error {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
	)
	if errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify) {
		return permanent(fmt.Errorf("TLS: %w (check the server name, or give the CA)", err))
	}
	return classify(err)
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

// plainAuth is AUTH PLAIN (RFC 4616). net/smtp's PlainAuth would refuse a
// loopback server that is not named localhost or 127.0.0.1; deliver has
// already decided the connection may carry the password.
type plainAuth struct{ user, pass string }

func (a plainAuth) Start(*smtp.ServerInfo) (string, []byte, error) {
	return "PLAIN", []byte("\x00" + a.user + "\x00" + a.pass), nil
}

func (a plainAuth) Next(_ []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("unexpected server challenge during AUTH PLAIN")
	}
	return nil, nil
}

// buildMail renders the message: UTF-8 text, quoted-printable so that no line
// is too long for SMTP (RFC 5322 §2.1.1) whatever the listing holds.
func buildMail(from *mail.Address, to []*mail.Address, m Message, now time.Time) ([]byte, error) {
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	var tos []string
	for _, a := range to {
		tos = append(tos, a.String())
	}
	subject := m.Subject
	if subject == "" {
		subject = Subject(m.Changes)
	}
	var b bytes.Buffer
	hdr := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	hdr("From", from.String())
	hdr("To", strings.Join(tos, ", "))
	hdr("Subject", mime.QEncoding.Encode("utf-8", noBreaks(subject)))
	hdr("Date", now.Format(time.RFC1123Z))
	hdr("Message-ID", "<"+hex.EncodeToString(id)+"@lookalike.invalid>")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=utf-8")
	hdr("Content-Transfer-Encoding", "quoted-printable")
	hdr("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies, please
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(m.Text)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// noBreaks keeps a header value on its line: a CR or LF in it would start a
// header of the sender's choosing.
func noBreaks(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}
