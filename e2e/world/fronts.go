package world

import (
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// fronts are the world's in-process servers: the silent name server and the
// lossy front. Closing them stops every goroutine they started.
type fronts struct {
	closers []io.Closer
	wg      sync.WaitGroup

	mu    sync.Mutex
	conns map[net.Conn]bool
}

func newFronts() *fronts { return &fronts{conns: map[net.Conn]bool{}} }

func (f *fronts) track(c net.Conn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conns == nil {
		return false // closed
	}
	f.conns[c] = true
	return true
}

func (f *fronts) untrack(c net.Conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.conns, c)
}

func (f *fronts) close() {
	for _, c := range f.closers {
		c.Close()
	}
	f.mu.Lock()
	for c := range f.conns {
		c.Close()
	}
	f.conns = nil
	f.mu.Unlock()
	f.wg.Wait()
}

func (f *fronts) goRun(fn func()) {
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		fn()
	}()
}

// startSilent listens on addr (UDP and TCP) and never answers: UDP queries
// are read and dropped, TCP connections accepted and left hanging. A
// resolver asking it waits out its whole timeout, as it does for a real dead
// server that filters rather than refuses.
func (f *fronts) startSilent(addr string) error {
	pc, err := net.ListenPacket("udp4", addr)
	if err != nil {
		return err
	}
	f.closers = append(f.closers, pc)
	ln, err := net.Listen("tcp4", addr)
	if err != nil {
		return err
	}
	f.closers = append(f.closers, ln)
	f.goRun(func() {
		buf := make([]byte, 65535)
		for {
			if _, _, err := pc.ReadFrom(buf); errors.Is(err, net.ErrClosed) {
				return
			}
		}
	})
	f.acceptLoop(ln, func(c net.Conn) {
		defer f.untrack(c)
		defer c.Close()
		_, _ = io.Copy(io.Discard, c)
	})
	return nil
}

// startLossy listens on addr and relays to upstream, dropping a fraction
// loss of the UDP queries (decided by a PRNG seeded with seed, so a run is
// repeatable). Replies come back through one upstream socket: the front
// rewrites each query's DNS ID to a slot of its own and restores the
// client's ID on the way back, so it keeps no socket per client. TCP is
// relayed without loss: truncation fallback must still work.
func (f *fronts) startLossy(addr, upstream string, loss float64, seed uint64) error {
	pc, err := net.ListenPacket("udp4", addr)
	if err != nil {
		return err
	}
	f.closers = append(f.closers, pc)
	up, err := net.Dial("udp4", upstream)
	if err != nil {
		return err
	}
	f.closers = append(f.closers, up)
	ln, err := net.Listen("tcp4", addr)
	if err != nil {
		return err
	}
	f.closers = append(f.closers, ln)

	type slot struct {
		client net.Addr
		id     [2]byte
	}
	var (
		mu    sync.Mutex
		slots [1 << 16]slot
		next  uint16
	)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	f.goRun(func() {
		buf := make([]byte, 65535)
		for {
			n, client, err := pc.ReadFrom(buf)
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if err != nil || n < 12 {
				continue
			}
			if rng.Float64() < loss {
				continue
			}
			mu.Lock()
			id := next
			next++
			slots[id] = slot{client: client, id: [2]byte{buf[0], buf[1]}}
			mu.Unlock()
			buf[0], buf[1] = byte(id>>8), byte(id)
			_, _ = up.Write(buf[:n])
		}
	})
	f.goRun(func() {
		buf := make([]byte, 65535)
		for {
			n, err := up.Read(buf)
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if err != nil || n < 12 {
				continue
			}
			id := uint16(buf[0])<<8 | uint16(buf[1])
			mu.Lock()
			s := slots[id]
			slots[id] = slot{}
			mu.Unlock()
			if s.client == nil {
				continue
			}
			buf[0], buf[1] = s.id[0], s.id[1]
			_, _ = pc.WriteTo(buf[:n], s.client)
		}
	})
	f.acceptLoop(ln, func(c net.Conn) { f.relayTCP(c, upstream) })
	return nil
}

func (f *fronts) relayTCP(c net.Conn, upstream string) {
	defer f.untrack(c)
	defer c.Close()
	u, err := net.DialTimeout("tcp4", upstream, 2*time.Second)
	if err != nil {
		return
	}
	if !f.track(u) {
		u.Close()
		return
	}
	defer f.untrack(u)
	defer u.Close()
	// Whichever side finishes first closes both, so neither copy waits on
	// nsd's idle timeout.
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(u, c)
		u.Close()
		close(done)
	}()
	_, _ = io.Copy(c, u)
	c.Close()
	<-done
}

// acceptLoop serves every TCP connection of ln with handle, in its own
// goroutine, until ln is closed.
func (f *fronts) acceptLoop(ln net.Listener, handle func(net.Conn)) {
	f.goRun(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				continue
			}
			if !f.track(c) {
				c.Close()
				return
			}
			f.goRun(func() { handle(c) })
		}
	})
}
