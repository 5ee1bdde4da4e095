package resolve

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"time"

	"github.com/miekg/dns"
)

// The lean client: the one NS query that decides registration is the hot path
// of a scan, so it skips dnsx (a socket and several allocations per
// exchange) and talks through the Client's batched sockets (transport.go).
// Every reply is checked against the ID and question; anything else (a late
// reply to an earlier query, a forgery) is discarded and the query keeps
// waiting until its deadline.

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

// worker is one goroutine's state: its query buffers, its reused call and
// timer, and the messages its negative replies are decoded into. One
// goroutine at a time uses it; the sockets belong to the Client.
type worker struct {
	c   *Client
	id  int
	rng *rand.Rand

	call  *call
	timer *time.Timer
	out   []byte
	q     dns.Msg
	opt   dns.OPT
	turn  int // rotates the first resolver asked from name to name
	neg   [negRing]negMsg
	nextN int
	names nameTable
	// pastLimits: exchange skips the rate limits (confirmSilent only)
	pastLimits bool
}

// negRing is how many decoded negative replies a worker keeps before it
// reuses the first: a caller comparing two or three replies to one name
// still holds distinct messages.
const negRing = 4

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
		call:  newCall(),
		timer: time.NewTimer(time.Hour),
		out:   make([]byte, 0, 512),
	}
	w.timer.Stop()
	w.names.scratch = make([]byte, 0, 256)
	w.opt.Hdr = dns.RR_Header{Name: ".", Rrtype: dns.TypeOPT, Class: ednsSize}
	w.q.Question = make([]dns.Question, 1)
	w.q.Extra = []dns.RR{&w.opt}
	return w
}

func noop() {}

// bind is kept for callers written against the per-worker sockets: a wait
// now selects on ctx itself, so there is nothing to undo.
func (w *worker) bind(context.Context) func() { return noop }

func (w *worker) close() { w.timer.Stop() }

func (w *worker) pickID() uint16 { return uint16(w.rng.Uint32()) }

// exchange asks server one question (name is a lower-case FQDN) and returns
// the first reply that answers it, over TCP if the UDP reply was truncated.
// Errors are ctx.Err() or one of the err* transport outcomes above.
//
// A negative reply (no answer, SOA in authority) comes back in a message the
// worker reuses after negRing more of them: read it, or Copy it to keep it.
func (w *worker) exchange(ctx context.Context, server, name string, qtype uint16, rd bool) (*dns.Msg, error) {
	c := w.c
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.silent.Load() {
		return nil, errSilent
	}
	srv := c.serverFor(server)
	if w.pastLimits {
		// The silent pool's confirmation: one query a resolver.
	} else if err := srv.h.admit(ctx, c); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, errSilent) {
			return nil, errSilent
		}
		return nil, errTimeout // the wait would outlast ctx's deadline
	}
	u, err := srv.sock()
	if err != nil {
		return nil, errNetwork
	}
	w.q.Id = 0
	w.q.Opcode = dns.OpcodeQuery
	w.q.RecursionDesired = rd
	w.q.Question[0] = dns.Question{Name: name, Qtype: qtype, Qclass: dns.ClassINET}
	out, err := w.q.PackBuffer(w.out[:cap(w.out)])
	if err != nil || len(out) > slotSize {
		return nil, errNetwork // only an invalid name gets here; callers check names first
	}
	w.out = out[:0]
	cl := w.call
	cl.name, cl.qtype = name, qtype
	// A socket rotated out closes a while after its replacement took its
	// slot; a worker that picked it just then picks again.
	registered := u.register(cl, w.pickID)
	for range len(srv.socks) {
		if registered {
			break
		}
		if u, err = srv.sock(); err != nil {
			return nil, errNetwork
		}
		registered = u.register(cl, w.pickID)
	}
	if !registered {
		return nil, errNetwork
	}
	binary.BigEndian.PutUint16(out, cl.id)

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
	resent, unreadable := false, false
	c.queries.Add(1)
	srv.h.sent.Add(1)
	if !u.queue(out, cl.id) {
		u.unregister(cl)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errNetwork
	}
	for {
		wait := deadline
		if next.Before(deadline) {
			wait = next
		}
		w.timer.Reset(time.Until(wait))
		select {
		case <-cl.done:
			w.timer.Stop()
		case <-w.timer.C:
			if !u.unregister(cl) {
				<-cl.done // the reply came as the timer fired
				break
			}
			if wait.Before(deadline) && w.resend(ctx, srv, u, cl, out) {
				resent = true
				rto *= 2
				next = time.Now().Add(rto)
				continue
			}
			c.timeouts.Add(1)
			c.lostOne(srv.h, time.Now().UnixNano())
			if cl.mismatched || unreadable {
				return nil, errMismatch
			}
			return nil, errTimeout
		case <-ctx.Done():
			w.timer.Stop()
			if !u.unregister(cl) {
				<-cl.done
			}
			return nil, ctx.Err()
		}
		if cl.err != nil {
			c.lostOne(srv.h, time.Now().UnixNano())
			return nil, cl.err
		}
		if cl.cut {
			return w.exchangeTCP(ctx, server, deadline)
		}
		resp, ok := w.decode(cl.buf[:cl.n], name, qtype)
		if !ok {
			// Right ID and question, unreadable otherwise: wait for another.
			c.mismatched.Add(1)
			unreadable = true
			if !u.reregister(cl) {
				return nil, errMismatch
			}
			continue
		}
		if resp.Truncated {
			return w.exchangeTCP(ctx, server, deadline)
		}
		now := time.Now()
		rtt := now.Sub(sent)
		if !resent {
			// Karn's rule: a reply to a datagram sent twice says nothing of
			// which copy it answers, so it is no RTT sample.
			est.observe(rtt)
		}
		srv.h.answered(resp.Rcode, rtt, now.UnixNano())
		c.countRcode(resp.Rcode)
		return resp, nil
	}
}

// decode reads a reply already matched to name and qtype: a plain negative
// one into the worker's reused messages, anything else through Unpack.
func (w *worker) decode(b []byte, name string, qtype uint16) (*dns.Msg, bool) {
	qend, ok := wireQuestionEnd(b, name, qtype)
	if !ok {
		return nil, false
	}
	if binary.BigEndian.Uint16(b[4:]) == 1 {
		m := &w.neg[w.nextN%negRing]
		if resp, ok := decodeNegative(b, qend, name, qtype, m, &w.names); ok {
			w.nextN++
			return resp, true
		}
	}
	resp := new(dns.Msg)
	if resp.Unpack(b) != nil || !answers(resp, wireID(b), name, qtype) {
		return nil, false
	}
	return resp, true
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
	if err == nil && resp.Truncated {
		// TC over TCP too: the answer cannot be had at all. Unknown, never
		// an empty NOERROR that would make the resolver look like a liar.
		return nil, errTruncated
	}
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
	case errors.Is(err, errSilent):
		return ReasonSilent
	default:
		return ReasonTimeout
	}
}

// resend puts the query in flight again under the same ID and sends the
// datagram again, within the rate limits; false when it could not (a limit
// would outlast ctx, or the socket closed).
func (w *worker) resend(ctx context.Context, srv *server, u *usock, cl *call, out []byte) bool {
	c := w.c
	if !w.pastLimits && srv.h.admit(ctx, c) != nil {
		return false
	}
	if !u.reregister(cl) {
		// Another query took the ID meanwhile: this copy goes under a new
		// one, and a late reply to the old counts as a mismatch.
		if !u.register(cl, w.pickID) {
			return false
		}
		binary.BigEndian.PutUint16(out, cl.id)
	}
	if !u.queue(out, cl.id) {
		u.unregister(cl)
		return false
	}
	c.queries.Add(1)
	c.resent.Add(1)
	srv.h.sent.Add(1)
	srv.h.resent.Add(1)
	return true
}
