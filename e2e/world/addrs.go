package world

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// Addrs are the loopback addresses of one world, all in 127.53.Net.0/24 and
// all on port 53: a recursive resolver follows glue to port 53 and nowhere
// else, and tools such as dnstwist cannot be given a port.
type Addrs struct {
	Net int // X in 127.53.X.0/24, 1…249
}

// Host numbers inside the world's /24.
const (
	hostNSD     = 1
	hostUnbound = 2
	hostLossy   = 3
	hostWeb     = 80 // apex A of lookalikes and brands; nothing listens
	hostPark    = 81 // parking page
	hostWild    = 82 // what the wildcard TLD answers
	hostLame    = 250
	hostSilent  = 251
)

func (a Addrs) ip(host int) string { return fmt.Sprintf("127.53.%d.%d", a.Net, host) }

func (a Addrs) hostPort(host int) string { return net.JoinHostPort(a.ip(host), "53") }

// NSD is where nsd answers, authoritative for the root, every TLD and every
// hosted zone.
func (a Addrs) NSD() string { return a.hostPort(hostNSD) }

// Unbound is the recursive resolver that starts from the world's root.
func (a Addrs) Unbound() string { return a.hostPort(hostUnbound) }

// Lossy is a UDP front for NSD that drops Spec.Loss of the queries (TCP
// passes through untouched).
func (a Addrs) Lossy() string { return a.hostPort(hostLossy) }

// Lame is the glue of Lame delegations: nothing listens there.
func (a Addrs) Lame() string { return a.hostPort(hostLame) }

// Silent is the glue of Silent delegations: a server that never answers.
func (a Addrs) Silent() string { return a.hostPort(hostSilent) }

// ErrNoNet means every 127.53.X.0/24 is taken by another world.
var ErrNoNet = errors.New("no free 127.53.X.0/24 for a world")

// netLock holds 127.53.X.0/24 for this process: an flock on a file named
// after X, taken without waiting, so that worlds in concurrent test binaries
// never share addresses. The kernel drops it if the process dies.
type netLock struct {
	f *os.File
}

func lockPath(x int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("lookalike-world-127.53.%d.lock", x))
}

func tryLock(x int) (*netLock, error) {
	f, err := os.OpenFile(lockPath(x), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return &netLock{f: f}, nil
}

func (l *netLock) release() {
	if l != nil && l.f != nil {
		l.f.Close() // closing the last descriptor drops the flock
		l.f = nil
	}
}

// allocNet finds a /24 that no other world holds and where nothing already
// listens on port 53 (a world brought up by `world up` in another process
// keeps its daemons after that process exits, and a system nsd or unbound may
// hold a wildcard :53). want, when non-zero, asks for that X only.
func allocNet(want int) (Addrs, *netLock, error) {
	lo, hi := 1, 249
	if want != 0 {
		if want < 1 || want > 249 {
			return Addrs{}, nil, fmt.Errorf("net %d: want 1…249", want)
		}
		lo, hi = want, want
	}
	var lastErr error
	for x := lo; x <= hi; x++ {
		l, err := tryLock(x)
		if err != nil {
			lastErr = fmt.Errorf("127.53.%d.0/24 is held by another world (%s)", x, lockPath(x))
			continue
		}
		a := Addrs{Net: x}
		if err := portsFree(a); err != nil {
			l.release()
			lastErr = err
			continue
		}
		return a, l, nil
	}
	return Addrs{}, nil, fmt.Errorf("%w: last problem: %v", ErrNoNet, lastErr)
}

// portsFree binds UDP and TCP port 53 on every address the world will
// serve, then lets go. Binding port 53 also proves we may (root or
// CAP_NET_BIND_SERVICE).
func portsFree(a Addrs) error {
	for _, h := range []int{hostNSD, hostUnbound, hostLossy, hostSilent} {
		addr := a.hostPort(h)
		pc, err := net.ListenPacket("udp4", addr)
		if err != nil {
			return fmt.Errorf("udp %s: %w", addr, err)
		}
		pc.Close()
		ln, err := net.Listen("tcp4", addr)
		if err != nil {
			return fmt.Errorf("tcp %s: %w", addr, err)
		}
		ln.Close()
	}
	return nil
}
