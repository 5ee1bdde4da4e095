package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/time/rate"
)

// Lookup returns the addresses of a host name. The scan passes one that asks
// its own resolvers (or answers from the A/AAAA records it already holds), so
// that fetching a page never asks a resolver the user did not name.
type Lookup func(ctx context.Context, host string) ([]netip.Addr, error)

// ErrForbidden is wrapped by every refusal to connect to an address that a
// scan must not reach: loopback, private, link-local, multicast or
// unspecified, unless the options allow it.
var ErrForbidden = errors.New("address not allowed")

// Dialer opens TCP connections for the fetcher and the SMTP banner reader.
// It resolves the host itself (with Lookup) and checks every address it is
// about to connect to, and again the address the socket really connects to,
// so that neither a DNS answer nor a redirect can point a scan at the network
// it runs in. The zero value refuses private addresses and resolves with the
// system's resolver.
type Dialer struct {
	// Lookup resolves host names; nil means the system's resolver.
	Lookup Lookup
	// AllowPrivate lets connections reach loopback, private, link-local,
	// multicast and unspecified addresses (--web-allow-private).
	AllowPrivate bool
	// Allow lists prefixes reachable even when AllowPrivate is false: a test
	// allows 127.0.0.1/32 and still sees 10.0.0.0/8 refused.
	Allow []netip.Prefix
	// MapPort, when set, changes the port dialled for host (tests serve
	// "port 80" of many names on httptest's kernel-chosen ports).
	MapPort func(host, port string) string
	// Timeout bounds one TCP connect; 0 means 5 s.
	Timeout time.Duration
	// PerHost is the connections per second to one address, in bursts of
	// as many (0: no limit).
	// The key is the address, not the name: many parked names share one
	// server, and it is the server that must not be hammered.
	PerHost float64

	mu       sync.Mutex
	limiters map[netip.Addr]*rate.Limiter
}

// Permitted reports whether a connection to ip may be made under d's policy.
func (d *Dialer) Permitted(ip netip.Addr) error {
	ip = ip.Unmap()
	for _, p := range d.Allow {
		if p.Contains(ip) {
			return nil
		}
	}
	if d.AllowPrivate {
		return nil
	}
	var what string
	switch {
	case !ip.IsValid():
		what = "invalid"
	case ip.IsUnspecified():
		what = "unspecified"
	case ip.IsLoopback():
		what = "loopback"
	case ip.IsPrivate():
		what = "private"
	case ip.IsLinkLocalUnicast():
		what = "link-local"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		what = "multicast"
	case sharedOrReserved(ip):
		what = "reserved"
	default:
		return nil
	}
	return fmt.Errorf("%w: %s is a %s address (pass --web-allow-private to fetch it)", ErrForbidden, ip, what)
}

// Beyond what netip classifies: carrier-grade NAT (RFC 6598), "this
// network" (RFC 791), IPv4 broadcast and class E, all of which reach the
// local side of a network rather than a public web site.
var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64 (RFC 8215)
}

func sharedOrReserved(ip netip.Addr) bool {
	for _, p := range reserved {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func (d *Dialer) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return []netip.Addr{ip}, nil
	}
	if d.Lookup != nil {
		return d.Lookup(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

func (d *Dialer) limiter(ip netip.Addr) *rate.Limiter {
	if d.PerHost <= 0 {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.limiters == nil {
		d.limiters = map[netip.Addr]*rate.Limiter{}
	}
	l, ok := d.limiters[ip]
	if !ok {
		l = rate.NewLimiter(rate.Limit(d.PerHost), max(1, int(d.PerHost)))
		d.limiters[ip] = l
	}
	return l
}

// DialContext connects to addr ("host:port") over TCP: it resolves host,
// refuses forbidden addresses before any packet is sent, waits for the
// address's rate, and tries the permitted addresses in order.
func (d *Dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, fmt.Errorf("dial %s %s: only tcp is supported", network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	if d.MapPort != nil {
		port = d.MapPort(host, port)
	}
	ips, err := d.lookup(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("look up %s: %w", host, err)
	}
	if len(ips) == 0 {
		return nil, fmt.Errorf("look up %s: no addresses", host)
	}
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	nd := net.Dialer{
		Timeout: timeout,
		// The socket's own peer address is checked again just before
		// connect: whatever produced ip, this is the address packets go to.
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: cannot read %q", ErrForbidden, address)
			}
			return d.Permitted(ap.Addr())
		},
	}
	var firstErr error
	for _, ip := range ips {
		if err := d.Permitted(ip); err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("dial %s (%s): %w", host, ip, err)
			}
			continue
		}
		if l := d.limiter(ip.Unmap()); l != nil {
			if err := l.Wait(ctx); err != nil {
				return nil, fmt.Errorf("dial %s: %w", host, err)
			}
		}
		c, err := nd.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
		if err == nil {
			return c, nil
		}
		if firstErr == nil || errors.Is(firstErr, ErrForbidden) {
			firstErr = fmt.Errorf("dial %s: %w", host, err)
		}
	}
	return nil, firstErr
}

// LookupVia returns a Lookup that asks the given DNS servers ("ip:port",
// port 53 when left out) for A and AAAA, never the system's resolver: what
// a hand-run scan with --resolvers wants.
func LookupVia(servers ...string) Lookup {
	addrs := make([]string, len(servers))
	for i, s := range servers {
		if _, _, err := net.SplitHostPort(s); err != nil {
			s = net.JoinHostPort(strings.Trim(s, "[]"), "53")
		}
		addrs[i] = s
	}
	var next uint32
	var mu sync.Mutex
	r := &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			if len(addrs) == 0 {
				return nil, errors.New("no DNS servers given to LookupVia")
			}
			mu.Lock()
			a := addrs[int(next)%len(addrs)]
			next++
			mu.Unlock()
			var nd net.Dialer
			return nd.DialContext(ctx, network, a)
		},
	}
	return func(ctx context.Context, host string) ([]netip.Addr, error) {
		return r.LookupNetIP(ctx, "ip", host)
	}
}
