package resolve

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// The lean client: the one NS query that decides registration is the hot path
// of a scan, so it skips dnsx (a socket and several allocations per
// exchange) and talks through one long-lived UDP socket per worker and
// server. Every reply is checked against the question; anything else on the
// socket (a late reply to an earlier query, a forgery) is discarded and the
// worker keeps reading until the deadline.

// Transport outcomes, turned into reasons by reasonOf.
var (
	errTimeout   = errors.New("no reply in time")
	errMismatch  = errors.New("only replies that did not answer the question")
	errTruncated = errors.New("truncated reply that TCP could not finish")
	errNetwork   = errors.New("network error")
)

// ednsSize is the UDP payload advertised: the DNS flag day 2020 value, small
// enough to avoid fragmentation.
const ednsSize = 1232

// udpBufSize is the read buffer of a worker. Replies honouring ednsSize fit
// many times over; a datagram that fills it was probably cut by the kernel,
// and is asked again over TCP rather than discarded.
const udpBufSize = 8 << 10

// worker owns sockets and buffers; one goroutine at a time uses it.
type worker struct {
	c   *Client
	id  int
	rng *rand.Rand

	mu        sync.Mutex // guards conns against interrupt
	conns     map[string]net.Conn
	cancelled bool

	buf  []byte
	out  []byte
	q    dns.Msg
	opt  dns.OPT
	turn int // rotates the first resolver asked from name to name
}

func (c *Client) newWorker() *worker {
	var seed [32]byte
	crand.Read(seed[:])
	c.mu.Lock()
	id := c.nextWorker
	c.nextWorker++
	c.mu.Unlock()
	w := &worker{
		c:     c,
		id:    id,
		rng:   rand.New(rand.NewChaCha8(seed)),
		conns: make(map[string]net.Conn),
		buf:   make([]byte, udpBufSize),
		out:   make([]byte, 0, 512),
	}
	w.opt.Hdr = dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT, Class: ednsSize}
	w.q.Question = make([]dns.Question, 1)
	w.q.Extra = []dns.RR{&w.opt}
	return w
}

// bind makes a cancellation of ctx interrupt any read the worker is blocked
// in; the returned func undoes it.
func (w *worker) bind(ctx context.Context) func() {
	w.mu.Lock()
	w.cancelled = false
	w.mu.Unlock()
	stop := context.AfterFunc(ctx, w.interrupt)
	return func() { stop() }
}

func (w *worker) interrupt() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cancelled = true
	past := time.Unix(1, 0)
	for _, conn := range w.conns {
		conn.SetDeadline(past)
	}
}

func (w *worker) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, conn := range w.conns {
		conn.Close()
		delete(w.conns, k)
	}
}

func (w *worker) conn(server string) (net.Conn, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if conn, ok := w.conns[server]; ok {
		return conn, nil
	}
	// A connected socket: the kernel drops datagrams from other sources, and an
	// ICMP port-unreachable surfaces as an error instead of a silent timeout.
	conn, err := net.Dial("udp", server)
	if err != nil {
		return nil, err
	}
	w.conns[server] = conn
	return conn, nil
}

func (w *worker) dropConn(server string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if conn, ok := w.conns[server]; ok {
		conn.Close()
		delete(w.conns, server)
	}
}

// exchange asks server one question (name is a lower-case FQDN) and returns
// the first reply that answers it, over TCP if the UDP reply was truncated.
// Errors are ctx.Err() or one of the err* transport outcomes above.
func (w *worker) exchange(ctx context.Context, server, name string, qtype uint16, rd bool) (*dns.Msg, error) {
	c := w.c
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, errTimeout // the wait would outlast ctx's deadline
		}
	}
	id := uint16(w.rng.Uint32())
	w.q.Id = id
	w.q.Opcode = dns.OpcodeQuery
	w.q.RecursionDesired = rd
	w.q.Question[0] = dns.Question{Name: name, Qtype: qtype, Qclass: dns.ClassINET}
	out, err := w.q.PackBuffer(w.out[:cap(w.out)])
	if err != nil {
		return nil, errNetwork // only an invalid name gets here; callers check names first
	}
	w.out = out[:0]

	conn, err := w.conn(server)
	if err != nil {
		return nil, errNetwork
	}
	sent := time.Now()
	deadline := sent.Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	// Within the attempt, the same datagram is sent again after an RTT-based
	// interval that doubles each time (as stub resolvers do): a lost packet
	// then costs a round trip or two, not the whole --timeout, which still
	// bounds the attempt. The same ID is kept, so any copy's reply answers.
	est := c.rtt(server)
	rto := est.rto(c.timeout)
	next := sent.Add(rto)
	resent := false
	conn.SetWriteDeadline(deadline)
	// interrupt may have run before SetWriteDeadline replaced its past deadline.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c.queries.Add(1)
	if _, err := conn.Write(out); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		w.dropConn(server)
		return nil, errNetwork
	}
	mismatched := false
	for {
		readBy := deadline
		if next.Before(deadline) {
			readBy = next
		}
		conn.SetReadDeadline(readBy)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := conn.Read(w.buf)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				if readBy.Before(deadline) && w.resend(ctx, conn, out) {
					resent = true
					rto *= 2
					next = time.Now().Add(rto)
					continue
				}
				c.timeouts.Add(1)
				if mismatched {
					return nil, errMismatch
				}
				return nil, errTimeout
			}
			// ECONNREFUSED and the like: nothing listens there.
			w.dropConn(server)
			return nil, errNetwork
		}
		if n == len(w.buf) && binary.BigEndian.Uint16(w.buf) == id {
			return w.exchangeTCP(ctx, server, deadline)
		}
		resp := new(dns.Msg)
		if resp.Unpack(w.buf[:n]) != nil || !answers(resp, id, name, qtype) {
			c.mismatched.Add(1)
			mismatched = true
			continue
		}
		if resp.Truncated {
			return w.exchangeTCP(ctx, server, deadline)
		}
		if !resent {
			// Karn's rule: a reply to a datagram sent twice says nothing of
			// which copy it answers, so it is no RTT sample.
			est.observe(time.Since(sent))
		}
		c.countRcode(resp.Rcode)
		return resp, nil
	}
}

// exchangeTCP asks w.q's question again over TCP (RFC 7766) after a
// truncated UDP reply. Any failure is errTruncated: the UDP reply said the
// answer exists but is too big, and it could not be had.
func (w *worker) exchangeTCP(ctx context.Context, server string, deadline time.Time) (*dns.Msg, error) {
	c := w.c
	c.tcp.Add(1)
	c.queries.Add(1)
	d := net.Dialer{Deadline: deadline}
	raw, err := d.DialContext(ctx, "tcp", server)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errTruncated
	}
	defer raw.Close()
	stop := context.AfterFunc(ctx, func() { raw.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	raw.SetDeadline(deadline)
	conn := &dns.Conn{Conn: raw}
	q := w.q.Copy()
	q.Id = uint16(w.rng.Uint32())
	if err := conn.WriteMsg(q); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errTruncated
	}
	resp, err := conn.ReadMsg()
	if err != nil || !answers(resp, q.Id, q.Question[0].Name, q.Question[0].Qtype) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err == nil {
			c.mismatched.Add(1)
		}
		return nil, errTruncated
	}
	c.countRcode(resp.Rcode)
	return resp, nil
}

// answers reports whether resp is the reply to the query with this ID and
// question. Names compare case-insensitively (RFC 4343; resolvers using DNS
// 0x20 echo mixed case).
func answers(resp *dns.Msg, id uint16, name string, qtype uint16) bool {
	if !resp.Response || resp.Id != id || resp.Opcode != dns.OpcodeQuery {
		return false
	}
	if len(resp.Question) == 0 {
		// Some servers leave the question out of an error reply (a FORMERR
		// for a query they could not parse, QDCOUNT 0 as RFC 9619 discusses).
		// An error rcode only ever leads to Unknown or a retry, so such a
		// reply is safe to take; NOERROR and NXDOMAIN must show the question
		// they answer.
		return resp.Rcode != dns.RcodeSuccess && resp.Rcode != dns.RcodeNameError
	}
	if len(resp.Question) != 1 {
		return false
	}
	q := resp.Question[0]
	return q.Qtype == qtype && q.Qclass == dns.ClassINET && strings.EqualFold(q.Name, name)
}

// reasonOf turns a transport outcome into a Result reason.
func reasonOf(err error) string {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return ReasonCancelled
	case errors.Is(err, errMismatch):
		return ReasonMismatch
	case errors.Is(err, errTruncated):
		return ReasonTruncated
	case errors.Is(err, errNetwork):
		return ReasonNetwork
	default:
		return ReasonTimeout
	}
}

// resend sends the query datagram again, within the rate limit; false when
// it could not (the limit would outlast ctx, or the socket failed).
func (w *worker) resend(ctx context.Context, conn net.Conn, out []byte) bool {
	c := w.c
	if c.limiter != nil && c.limiter.Wait(ctx) != nil {
		return false
	}
	if _, err := conn.Write(out); err != nil {
		return false
	}
	c.queries.Add(1)
	c.resent.Add(1)
	return true
}
