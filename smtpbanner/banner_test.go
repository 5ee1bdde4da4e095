package smtpbanner

import (
	"bufio"
	"context"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lookalike/lookalike/web"
)

// server is an in-process SMTP listener on 127.0.0.1 that plays a script
// and records every command a client sends.
type server struct {
	ln   net.Listener
	mu   sync.Mutex
	cmds []string
	wg   sync.WaitGroup
}

// script says what the server sends: the greeting, then a reply per
// command (by verb); an empty greeting means it never speaks.
type script struct {
	greeting string
	replies  map[string]string
}

func serve(t *testing.T, sc script) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{ln: ln}
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() { s.session(c, sc) })
		}
	})
	return s
}

func (s *server) session(c net.Conn, sc script) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if sc.greeting == "" {
		// Silent: wait for the client to give up.
		c.Read(make([]byte, 1))
		return
	}
	c.Write([]byte(sc.greeting))
	br := bufio.NewReader(c)
	for {
		l, err := br.ReadString('\n')
		if err != nil {
			return
		}
		l = strings.TrimRight(l, "\r\n")
		s.mu.Lock()
		s.cmds = append(s.cmds, l)
		s.mu.Unlock()
		verb, _, _ := strings.Cut(l, " ")
		rep, ok := sc.replies[strings.ToUpper(verb)]
		if !ok {
			rep = "502 5.5.1 not implemented\r\n"
		}
		c.Write([]byte(rep))
		if strings.EqualFold(verb, "QUIT") {
			return
		}
	}
}

func (s *server) commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.cmds)
}

func (s *server) options() Options {
	_, port, _ := net.SplitHostPort(s.ln.Addr().String())
	d := &web.Dialer{
		Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		Lookup: func(context.Context, string) ([]netip.Addr, error) {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		},
	}
	return Options{Port: port, Timeout: 3 * time.Second, Dial: d.DialContext}
}

const ehlo = "250-mx.acmebnk.test Hello\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n250-STARTTLS\r\n250 8BITMIME\r\n"

func TestGrab(t *testing.T) {
	tests := []struct {
		name   string
		script script
		opt    func(*Options)
		check  func(t *testing.T, b Banner)
		wantTo []string // commands the server must have seen
	}{
		{
			name:   "a server that takes mail",
			script: script{greeting: "220 mx.acmebnk.test ESMTP Postfix\r\n", replies: map[string]string{"EHLO": ehlo, "QUIT": "221 2.0.0 Bye\r\n"}},
			check: func(t *testing.T, b Banner) {
				if !b.Accepts || b.Code != 220 || b.EHLOCode != 250 || !b.StartTLS() || !b.Has("size") {
					t.Errorf("banner %+v, want a 220, a 250 with STARTTLS and SIZE", b)
				}
				if want := []string{"PIPELINING", "SIZE 35882577", "STARTTLS", "8BITMIME"}; !slices.Equal(b.Capabilities, want) {
					t.Errorf("capabilities %q, want %q", b.Capabilities, want)
				}
				if !slices.Equal(b.Greeting, []string{"mx.acmebnk.test ESMTP Postfix"}) {
					t.Errorf("greeting %q", b.Greeting)
				}
			},
			wantTo: []string{"EHLO lookalike.invalid", "QUIT"},
		},
		{
			name:   "a multi-line greeting",
			script: script{greeting: "220-mx.acmebnk.test\r\n220-no spam please\r\n220 ready\r\n", replies: map[string]string{"EHLO": "250 mx\r\n", "QUIT": "221 bye\r\n"}},
			check: func(t *testing.T, b Banner) {
				if !b.Accepts || len(b.Greeting) != 3 || len(b.Capabilities) != 0 {
					t.Errorf("banner %+v", b)
				}
			},
			wantTo: []string{"EHLO lookalike.invalid", "QUIT"},
		},
		{
			name:   "a server that refuses sessions",
			script: script{greeting: "554 5.7.1 no service here\r\n", replies: map[string]string{"QUIT": "221 bye\r\n"}},
			check: func(t *testing.T, b Banner) {
				if b.Accepts || b.Code != 554 || b.EHLOCode != 0 {
					t.Errorf("banner %+v, want a 554 and no EHLO", b)
				}
			},
			wantTo: []string{"QUIT"},
		},
		{
			name:   "EHLO refused",
			script: script{greeting: "220 old\r\n", replies: map[string]string{"EHLO": "500 what\r\n", "QUIT": "221 bye\r\n"}},
			check: func(t *testing.T, b Banner) {
				if b.Accepts || b.EHLOCode != 500 {
					t.Errorf("banner %+v, want EHLO 500 and no acceptance", b)
				}
			},
			wantTo: []string{"EHLO lookalike.invalid", "QUIT"},
		},
		{
			name:   "a line far over the cap, with control characters",
			script: script{greeting: "220 \x1b[31m" + strings.Repeat("x", 5000) + "\r\n", replies: map[string]string{"EHLO": "250 ok\r\n", "QUIT": "221 bye\r\n"}},
			check: func(t *testing.T, b Banner) {
				if !b.Truncated || len(b.Greeting[0]) > DefaultMaxLine || strings.ContainsRune(b.Greeting[0], 0x1b) || !b.Accepts {
					t.Errorf("greeting of %d bytes, truncated %v: want it cut to %d, clean, and the session to go on", len(b.Greeting[0]), b.Truncated, DefaultMaxLine)
				}
			},
			wantTo: []string{"EHLO lookalike.invalid", "QUIT"},
		},
		{
			name:   "a reply with too many lines",
			script: script{greeting: "220 hi\r\n", replies: map[string]string{"EHLO": strings.Repeat("250-X\r\n", 500) + "250 END\r\n", "QUIT": "221 bye\r\n"}},
			opt:    func(o *Options) { o.MaxLines = 10 },
			check: func(t *testing.T, b Banner) {
				if !b.Truncated || len(b.Capabilities) > 10 {
					t.Errorf("%d capabilities, truncated %v: want at most 10", len(b.Capabilities), b.Truncated)
				}
			},
		},
		{
			name:   "not SMTP at all",
			script: script{greeting: "HTTP/1.1 400 Bad Request\r\n"},
			check: func(t *testing.T, b Banner) {
				if b.Reason != "protocol" || b.Accepts {
					t.Errorf("banner %+v, want reason protocol", b)
				}
			},
		},
		{
			name:   "a server that never speaks",
			script: script{},
			opt:    func(o *Options) { o.Timeout = 300 * time.Millisecond },
			check: func(t *testing.T, b Banner) {
				if b.Reason != "timeout" {
					t.Errorf("reason %q (%s), want timeout", b.Reason, b.Error)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := serve(t, tt.script)
			o := s.options()
			if tt.opt != nil {
				tt.opt(&o)
			}
			b := Grab(context.Background(), "mx.acmebnk.test", o)
			tt.check(t, b)
			cmds := s.commands()
			for _, c := range cmds {
				verb, _, _ := strings.Cut(strings.ToUpper(c), " ")
				if verb != "EHLO" && verb != "QUIT" {
					t.Errorf("sent %q: only EHLO and QUIT may be sent", c)
				}
			}
			if tt.wantTo != nil && !slices.Equal(cmds, tt.wantTo) {
				t.Errorf("server saw %q, want %q", cmds, tt.wantTo)
			}
		})
	}
}

func TestGrabRefusesPrivate(t *testing.T) {
	d := &web.Dialer{Lookup: func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("10.9.8.7")}, nil
	}}
	b := Grab(context.Background(), "mx.acmebnk.test", Options{Dial: d.DialContext})
	if b.Reason != "forbidden" || b.Accepts {
		t.Errorf("banner %+v, want forbidden", b)
	}
}
