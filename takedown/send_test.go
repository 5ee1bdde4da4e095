package takedown

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/lookalike/lookalike/notify"
)

// relay is a loopback SMTP relay that takes every message, or refuses
// recipients at one domain, and keeps what it was given.
type relay struct {
	refuse string // RCPT TO domain answered 550
	mu     sync.Mutex
	rcpts  []string
	data   [][]byte
}

func (r *relay) start(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(c)
		}
	}()
	return ln.Addr().String()
}

func (r *relay) serve(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	say := func(s string) { c.Write([]byte(s + "\r\n")) }
	say("220 relay.test ESMTP")
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 relay.test")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO"):
			if r.refuse != "" && strings.Contains(cmd, strings.ToUpper(r.refuse)) {
				say("550 no such user")
				continue
			}
			r.mu.Lock()
			r.rcpts = append(r.rcpts, strings.TrimSpace(line[len("RCPT TO:"):]))
			r.mu.Unlock()
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var msg bytes.Buffer
			for {
				l, err := br.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				msg.WriteString(strings.TrimPrefix(l, ".")) // RFC 5321 4.5.2
			}
			r.mu.Lock()
			r.data = append(r.data, msg.Bytes())
			r.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func TestSend(t *testing.T) {
	dir := t.TempDir()
	s, err := Prepare(context.Background(), Options{RDAP: registry(t), IPBootstrap: testIPBootstrap(t),
		From: "security@acmebank.com", OutDir: dir, Now: testNow}, testEvidence(t))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("every message to its own address, as written", func(t *testing.T) {
		r := &relay{}
		cfg := notify.SMTP{Addr: r.start(t), From: "security@acmebank.com", To: []string{"ignored@example.com"}}
		sent, err := Send(context.Background(), cfg, dir, s)
		if err != nil || len(sent) != 2 {
			t.Fatalf("sent %+v, err %v", sent, err)
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if strings.Join(r.rcpts, " ") != "<abuse@registrar.example> <abuse@hosting.example>" {
			t.Errorf("recipients %q", r.rcpts)
		}
		for i, f := range []string{"acmebank-login.com.registrar.eml", "acmebank-login.com.hosting.eml"} {
			want, _ := os.ReadFile(filepath.Join(dir, f))
			if !bytes.Equal(r.data[i], want) {
				t.Errorf("%s: the relay got something else than the file", f)
			}
		}
	})
	t.Run("a refused recipient does not stop the others", func(t *testing.T) {
		r := &relay{refuse: "hosting.example"}
		cfg := notify.SMTP{Addr: r.start(t), From: "security@acmebank.com"}
		sent, err := Send(context.Background(), cfg, dir, s)
		if err == nil || !strings.Contains(err.Error(), "1 of 2 messages not sent") {
			t.Fatalf("err %v", err)
		}
		if sent[0].Err != "" || !strings.Contains(sent[1].Err, "550") {
			t.Errorf("sent %+v", sent)
		}
	})
}
