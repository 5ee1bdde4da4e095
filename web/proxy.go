package web

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// proxy is the HTTP proxy a browser is made to use, on 127.0.0.1 port 0:
// every connection the browser makes, to the page and to everything the
// page loads, is dialled here through the fetcher's Dialer, so the browser
// meets the same address policy and the same name lookup as the fetcher and
// never resolves a name itself.
type proxy struct {
	ln     net.Listener
	srv    *http.Server
	dialer *Dialer
	tr     *http.Transport
	wg     sync.WaitGroup
	ctx    context.Context
	cancel context.CancelFunc
	// refused counts requests the Dialer turned away, for the tests.
	refused atomic.Int64
}

// maxProxyBody caps one response the browser gets through the proxy: a
// page needs its images and scripts, not a 50 MB body.
const maxProxyBody = 16 << 20

func startProxy(d *Dialer, timeout time.Duration) (*proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &proxy{ln: ln, dialer: d}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	p.tr = &http.Transport{
		Proxy:                  nil,
		DialContext:            d.DialContext,
		DisableKeepAlives:      true,
		ResponseHeaderTimeout:  timeout,
		MaxResponseHeaderBytes: maxHeaderBytes,
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: timeout}
	p.wg.Go(func() { p.srv.Serve(ln) })
	return p, nil
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) close() {
	p.cancel()
	p.srv.Close()
	p.tr.CloseIdleConnections()
	p.wg.Wait()
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		p.connect(w, r)
		return
	}
	if r.URL.Scheme != "http" || r.URL.Host == "" {
		http.Error(w, "this proxy forwards http:// requests and CONNECT only", http.StatusBadRequest)
		return
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.Header.Del("Proxy-Connection")
	out.Header.Del("Proxy-Authorization")
	resp, err := p.tr.RoundTrip(out)
	if err != nil {
		status := http.StatusBadGateway
		if errors.Is(err, ErrForbidden) {
			status = http.StatusForbidden
			p.refused.Add(1)
		}
		http.Error(w, err.Error(), status)
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, io.LimitReader(resp.Body, maxProxyBody))
}

// connect tunnels TLS: the browser speaks TLS with the site itself, the
// proxy only dials (with the Dialer's checks) and copies bytes.
func (p *proxy) connect(w http.ResponseWriter, r *http.Request) {
	up, err := p.dialer.DialContext(r.Context(), "tcp", r.Host)
	if err != nil {
		status := http.StatusBadGateway
		if errors.Is(err, ErrForbidden) {
			status = http.StatusForbidden
			p.refused.Add(1)
		}
		http.Error(w, err.Error(), status)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		up.Close()
		http.Error(w, "cannot tunnel", http.StatusInternalServerError)
		return
	}
	down, buf, err := hj.Hijack()
	if err != nil {
		up.Close()
		return
	}
	if _, err := down.Write([]byte("HTTP/1.1 200 Connection Established\r\n\r\n")); err != nil {
		up.Close()
		down.Close()
		return
	}
	if n := buf.Reader.Buffered(); n > 0 {
		b, _ := buf.Peek(n)
		up.Write(b)
	}
	stop := context.AfterFunc(p.ctx, func() { up.Close(); down.Close() })
	p.wg.Go(func() {
		defer stop()
		done := make(chan struct{}, 2)
		go func() { io.Copy(up, down); done <- struct{}{} }()
		go func() { io.Copy(down, up); done <- struct{}{} }()
		<-done
		up.Close()
		down.Close()
		<-done
	})
}
