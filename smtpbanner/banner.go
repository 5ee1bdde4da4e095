package smtpbanner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/lookalike/lookalike/web"
)

// Defaults of Options.
const (
	DefaultPort     = "25"
	DefaultTimeout  = 10 * time.Second
	DefaultHello    = "lookalike.invalid"
	DefaultMaxLine  = 512 // the reply line limit of RFC 5321 §4.5.3.1.5, CRLF included
	DefaultMaxLines = 64
)

// Options tune Grab. The zero value is ready to use.
type Options struct {
	// Port is the TCP port (DefaultPort); tests give their listener's.
	Port string
	// Timeout bounds the whole exchange (DefaultTimeout).
	Timeout time.Duration
	// Hello is the name sent with EHLO (DefaultHello: a name under .invalid,
	// which claims to be no real host).
	Hello string
	// MaxLine caps each line read (DefaultMaxLine); the rest is dropped.
	MaxLine int
	// MaxLines bounds the lines of one reply (DefaultMaxLines).
	MaxLines int
	// Dial opens the connection; nil means a web.Dialer with its default
	// policy (no private addresses, the system's resolver).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Banner is what one mail server said.
type Banner struct {
	// Host is the MX host asked; Addr the address connected to.
	Host string `json:"host"`
	Addr string `json:"addr,omitempty"`
	// Code and Greeting are the greeting's reply code and lines.
	Code     int      `json:"code,omitempty"`
	Greeting []string `json:"greeting,omitempty"`
	// EHLOCode is the reply code to EHLO; Capabilities the extension lines
	// after the first line of a 250 reply ("PIPELINING", "SIZE 35882577").
	EHLOCode     int      `json:"ehlo_code,omitempty"`
	Capabilities []string `json:"capabilities,omitempty"`
	// Accepts: the server greeted with 220 and answered EHLO with 250, so
	// it takes mail sessions (whether it takes mail for the name is what
	// RCPT would tell, and that is never asked).
	Accepts bool `json:"accepts"`
	// Truncated: a line or a reply was longer than the caps.
	Truncated bool `json:"truncated,omitempty"`
	// Error and Reason (timeout, forbidden, refused, protocol, error) when
	// the exchange failed before EHLO's reply.
	Error  string `json:"error,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// StartTLS reports whether the server offers STARTTLS.
func (b Banner) StartTLS() bool { return b.Has("STARTTLS") }

// Has reports whether the server announced the EHLO keyword kw.
func (b Banner) Has(kw string) bool {
	for _, c := range b.Capabilities {
		k, _, _ := strings.Cut(c, " ")
		if strings.EqualFold(k, kw) {
			return true
		}
	}
	return false
}

var errProtocol = errors.New("not an SMTP reply")

// Grab connects to host's port 25 (Options.Port), reads the greeting, sends
// EHLO, reads the capabilities and says QUIT. Failures are recorded in the
// Banner: a server that does not answer is a finding, not an error.
func Grab(ctx context.Context, host string, o Options) Banner {
	if o.Port == "" {
		o.Port = DefaultPort
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Hello == "" {
		o.Hello = DefaultHello
	}
	if o.MaxLine <= 0 {
		o.MaxLine = DefaultMaxLine
	}
	if o.MaxLines <= 0 {
		o.MaxLines = DefaultMaxLines
	}
	if o.Dial == nil {
		o.Dial = (&web.Dialer{Timeout: o.Timeout}).DialContext
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	b := Banner{Host: host}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	conn, err := o.Dial(ctx, "tcp", net.JoinHostPort(host, o.Port))
	if err != nil {
		b.fail(err)
		return b
	}
	defer conn.Close()
	b.Addr = conn.RemoteAddr().String()
	// The deadline ends a server that trickles bytes; the context's
	// cancellation closes the connection for one that sends nothing.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	r := &reader{br: bufio.NewReaderSize(conn, 4096), maxLine: o.MaxLine, maxLines: o.MaxLines}
	code, lines, err := r.reply()
	b.Truncated = r.truncated
	if err != nil {
		b.fail(err)
		return b
	}
	b.Code, b.Greeting = code, lines
	if code != 220 {
		// 554 and friends: the server refuses sessions (RFC 5321 §3.1);
		// it is polite to QUIT all the same.
		quit(conn, r)
		return b
	}
	if _, err := fmt.Fprintf(conn, "EHLO %s\r\n", o.Hello); err != nil {
		b.fail(err)
		return b
	}
	code, lines, err = r.reply()
	b.Truncated = r.truncated
	if err != nil {
		b.fail(err)
		return b
	}
	b.EHLOCode = code
	if code == 250 && len(lines) > 1 {
		b.Capabilities = lines[1:]
	}
	b.Accepts = code == 250
	quit(conn, r)
	return b
}

// quit ends the session. The 221 is not needed; reading it lets the server
// close first, as RFC 5321 §4.1.1.10 has it.
func quit(conn net.Conn, r *reader) {
	if _, err := fmt.Fprint(conn, "QUIT\r\n"); err == nil {
		r.reply()
	}
}

func (b *Banner) fail(err error) {
	b.Error = clip(web.Clean(err.Error()), 300)
	var ne net.Error
	switch {
	case errors.Is(err, web.ErrForbidden):
		b.Reason = "forbidden"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout(), errors.Is(err, net.ErrClosed):
		b.Reason = "timeout"
	case errors.Is(err, errProtocol), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		b.Reason = "protocol"
	case strings.Contains(err.Error(), "connection refused"):
		b.Reason = "refused"
	default:
		b.Reason = "error"
	}
}

// reader reads SMTP replies with every line capped.
type reader struct {
	br        *bufio.Reader
	maxLine   int
	maxLines  int
	truncated bool
}

// line reads one line up to LF, keeping at most maxLine bytes of it.
func (r *reader) line() (string, error) {
	var b []byte
	for {
		frag, err := r.br.ReadSlice('\n')
		if room := r.maxLine - len(b); room > 0 {
			if len(frag) > room {
				b = append(b, frag[:room]...)
				r.truncated = true
			} else {
				b = append(b, frag...)
			}
		} else if len(frag) > 0 {
			r.truncated = true
		}
		switch {
		case err == nil:
			return strings.TrimRight(string(b), "\r\n"), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return "", err
		}
	}
}

// reply reads one reply, "250-first" … "250 last" (RFC 5321 §4.2.1), and
// returns its code and the text of its lines.
func (r *reader) reply() (int, []string, error) {
	var lines []string
	code := 0
	for n := 0; ; n++ {
		l, err := r.line()
		if err != nil {
			return 0, nil, err
		}
		if len(l) < 3 {
			return 0, nil, fmt.Errorf("%w: %q", errProtocol, clip(web.Clean(l), 80))
		}
		c, err := strconv.Atoi(l[:3])
		if err != nil || c < 200 || c > 599 || (code != 0 && c != code) {
			return 0, nil, fmt.Errorf("%w: %q", errProtocol, clip(web.Clean(l), 80))
		}
		code = c
		text := ""
		if len(l) > 4 {
			text = clip(web.Clean(l[4:]), r.maxLine)
		}
		if n < r.maxLines {
			lines = append(lines, text)
		} else {
			r.truncated = true
		}
		if len(l) == 3 || l[3] == ' ' {
			return code, lines, nil
		}
		if l[3] != '-' {
			return 0, nil, fmt.Errorf("%w: %q", errProtocol, clip(web.Clean(l), 80))
		}
		// A reply that never ends would hold the exchange until the
		// deadline; past the cap it is cut.
		if n >= r.maxLines*4 {
			return code, lines, nil
		}
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}
