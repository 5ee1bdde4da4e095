package notify

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostileSMTP accepts connections and plays script on each; it returns the
// address and a counter of bytes the script managed to write.
func hostileSMTP(t *testing.T, script func(c net.Conn, written *atomic.Int64)) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var written atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				script(c, &written)
			}()
		}
	}()
	return ln.Addr().String(), &written
}

// flood writes chunk until limit bytes are out or the client hangs up.
func flood(c net.Conn, written *atomic.Int64, first, chunk string, limit int64) {
	n, _ := c.Write([]byte(first))
	written.Add(int64(n))
	b := []byte(strings.Repeat(chunk, 4096/len(chunk)+1))
	for written.Load() < limit {
		n, err := c.Write(b)
		written.Add(int64(n))
		if err != nil {
			return
		}
	}
}

// A server must not make the client read without end: each case would grow
// memory to the flood's size (64 MiB here, gigabytes in the wild) and end in
// an EOF, not in the cap's error.
func TestEmailCapsWhatTheServerSends(t *testing.T) {
	fast(t)
	const limit = 64 << 20
	tests := []struct {
		name   string
		script func(c net.Conn, w *atomic.Int64)
	}{
		{name: "a greeting that never ends", script: func(c net.Conn, w *atomic.Int64) {
			flood(c, w, "220 ", "x", limit)
		}},
		{name: "a multi-line greeting that never ends", script: func(c net.Conn, w *atomic.Int64) {
			flood(c, w, "", "220-hello\r\n", limit)
		}},
		{name: "an EHLO reply that never ends", script: func(c net.Conn, w *atomic.Int64) {
			c.Write([]byte("220 ok\r\n"))
			bufio.NewReader(c).ReadString('\n')
			flood(c, w, "250-", "y", limit)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, _ := hostileSMTP(t, tt.script)
			cfg := SMTP{Addr: addr, From: "lookalike@example.com", To: []string{"soc@example.com"}}
			err := Email(context.Background(), cfg, NewMessage(sample))
			if !errors.Is(err, errOversized) {
				t.Fatalf("Email = %v, want the oversized-reply error", err)
			}
			if strings.Contains(err.Error(), "after 3 tries") {
				t.Errorf("an oversized reply was retried: %v", err)
			}
		})
	}
}

// Ctrl-C while a mail is pending is a cancellation (exit 130), not a failure.
func TestEmailCancelled(t *testing.T) {
	addr, _ := hostileSMTP(t, func(c net.Conn, _ *atomic.Int64) {
		c.Write([]byte("220 slow.example ESMTP\r\n"))
		bufio.NewReader(c).ReadString('\n')
		time.Sleep(5 * time.Second) // never answers EHLO
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	cfg := SMTP{Addr: addr, From: "lookalike@example.com", To: []string{"soc@example.com"}}
	err := Email(ctx, cfg, NewMessage(sample))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Email = %v, want context.Canceled", err)
	}
}

func TestWebhookCapsHeaders(t *testing.T) {
	fast(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Flood", strings.Repeat("z", 2*maxHeaderBytes))
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	err := Webhook(context.Background(), srv.URL, NewMessage(sample))
	if err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("Webhook = %v, want a failure naming the oversized headers", err)
	}
}
