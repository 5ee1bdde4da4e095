package resolve

import (
	"errors"
	"net"
	"net/netip"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
)

// The batched transport. Every server (a resolver, or a parent zone's server
// asked without recursion) gets a few connected UDP sockets, each with one
// receiver loop. A worker registers its query on a socket under an ID no
// other query in flight there holds, queues the datagram (the worker that
// finds nobody flushing writes everything queued with one sendmmsg(2),
// x/net's WriteBatch), and waits; the receiver reads whatever arrived with
// one recvmmsg(2) and hands each datagram to the query whose ID and question
// it answers. Under load a couple of system calls carry tens of queries
// instead of two per query, and nothing on the way allocates.
//
// A connected socket still matters: the kernel drops datagrams from any other
// source, and a port-unreachable from the server surfaces as ECONNREFUSED
// (errNetwork) instead of a silent timeout.

const (
	// slotSize holds any query: a name is at most 255 octets, the header,
	// question tail and OPT add 27.
	slotSize = 320
	// recvBufSize is a receive buffer. Replies honouring ednsSize fit over
	// three times; a datagram that fills it was probably cut, and is asked
	// again over TCP rather than discarded.
	recvBufSize = 4 << 10
)

// shape is how many sockets a server gets and how many datagrams one system
// call moves: generous for the few resolvers of a local scan, small for a
// pool of hundreds, so memory stays a few MB either way.
func shape(servers int) (socks, batch int) {
	switch {
	case servers <= 2:
		return 4, 32
	case servers <= 16:
		return 2, 16
	default:
		return 1, 8
	}
}

// call is one query in flight, owned by its worker and reused for every
// query the worker sends. The receiver writes n, cut, err and mismatched and
// then sends the call on done, once per registration. The calls of a lane
// (lanes.go) share one done channel, so that one wake-up can carry the
// replies of several of its names.
type call struct {
	done       chan *call
	idx        int // the lane's slot
	id         uint16
	name       string // FQDN asked
	qtype      uint16
	buf        []byte // the reply is copied here
	n          int
	cut        bool // the datagram filled the receive buffer
	err        error
	mismatched bool
}

func newCall() *call {
	return &call{done: make(chan *call, 1), buf: make([]byte, recvBufSize)}
}

// slot is a queued datagram: the sender owns the bytes until it returns the
// slot, so a worker that has moved on never races the write of its old query.
type slot struct {
	b  [slotSize]byte
	n  int
	id uint16
}

// usock is one connected UDP socket to one server.
type usock struct {
	conn  *net.UDPConn
	write func([]ipv4.Message, int) (int, error)
	rd    *batchReader
	batch int

	mu     sync.Mutex
	byID   map[uint16]*call
	closed bool

	// The send side combines instead of handing off: a worker queues its
	// datagram under smu, and the one that finds nobody flushing writes
	// everything queued, its own and others', with one sendmmsg. No extra
	// goroutine wakes per query, and under load the batches grow by themselves.
	smu      sync.Mutex
	slots    []slot
	free     []int // indices of unused slots
	queued   []int // indices of slots to write
	flushing bool
	msgs     []ipv4.Message // the flusher's, under flushing
	batchIdx []int
	quit     chan struct{}
	c        *Client
	srv      *server
	slot     int
	uses     int  // registrations, under mu
	retired  bool // a fresh socket is taking its place
}

// rotateAfter: queries a socket carries before a fresh one (a new random
// source port) takes its place. A few long-lived sockets would leave an
// off-path forger only the 16-bit ID to guess; rotating keeps the port part
// of the secret (RFC 5452 §9.2), at the cost of one socket every 16k queries.
var rotateAfter = 1 << 14 // a variable so that a test can rotate sooner

// server is what the Client keeps per address: its sockets and its health.
type server struct {
	addr  string
	socks []atomic.Pointer[usock]
	next  atomic.Uint32 // round robin over socks
	err   error         // the sockets could not be opened
	h     *health
	batch int
	c     *Client
	old   []*usock // retired, closing; under c.smu
}

// serverFor returns the server for addr, opening its sockets on first use.
func (c *Client) serverFor(addr string) *server {
	c.smu.Lock()
	defer c.smu.Unlock()
	if s, ok := c.servers[addr]; ok {
		return s
	}
	s := &server{addr: addr, h: c.healthFor(addr), c: c}
	if c.sclosed {
		s.err = errNetwork
		return s
	}
	n, batch := shape(c.poolSize())
	s.batch = batch
	var opened []*usock
	for range n {
		u, err := c.openSock(addr, batch)
		if err != nil {
			s.err = err
			break
		}
		opened = append(opened, u)
	}
	s.socks = make([]atomic.Pointer[usock], len(opened))
	for i, u := range opened {
		u.srv, u.slot = s, i
		s.socks[i].Store(u)
	}
	if len(opened) > 0 {
		s.err = nil
	}
	c.servers[addr] = s
	return s
}

func (s *server) sock() (*usock, error) {
	if len(s.socks) == 0 {
		return nil, s.err
	}
	return s.socks[s.next.Add(1)%uint32(len(s.socks))].Load(), nil
}

// rotate puts a fresh socket in old's place and closes old once every query
// in flight on it has had its time (they keep using it until then).
func (s *server) rotate(old *usock) {
	c := s.c
	c.smu.Lock()
	closed := c.sclosed
	c.smu.Unlock()
	if closed {
		return
	}
	u, err := c.openSock(s.addr, s.batch)
	if err != nil {
		return // keep the old one; it is asked to rotate again later
	}
	u.srv, u.slot = s, old.slot
	s.socks[old.slot].Store(u)
	c.smu.Lock()
	if c.sclosed { // Close ran meanwhile and could not see u
		c.smu.Unlock()
		u.close()
		return
	}
	s.old = append(s.old, old)
	c.smu.Unlock()
	time.AfterFunc(2*c.timeout+time.Second, func() {
		old.close()
		c.smu.Lock()
		if i := slices.Index(s.old, old); i >= 0 {
			s.old = slices.Delete(s.old, i, i+1)
		}
		c.smu.Unlock()
	})
}

func (c *Client) openSock(addr string, batch int) (*usock, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return nil, err
	}
	conn, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(ap))
	if err != nil {
		return nil, err
	}
	u := &usock{
		conn:   conn,
		batch:  batch,
		byID:   make(map[uint16]*call),
		slots:  make([]slot, 4*batch),
		free:   make([]int, 0, 4*batch),
		queued: make([]int, 0, 4*batch),
		quit:   make(chan struct{}),
		c:      c,
	}
	if ap.Addr().Is4() {
		u.write = ipv4.NewPacketConn(conn).WriteBatch
	} else {
		p := ipv6.NewPacketConn(conn)
		u.write = func(ms []ipv4.Message, flags int) (int, error) { return p.WriteBatch(ms, flags) }
	}
	bufs := make([][]byte, batch)
	for i := range bufs {
		bufs[i] = make([]byte, recvBufSize)
	}
	if u.rd, err = newBatchReader(conn, bufs); err != nil {
		conn.Close()
		return nil, err
	}
	for i := range u.slots {
		u.free = append(u.free, i)
	}
	u.msgs = make([]ipv4.Message, len(u.slots))
	for i := range u.msgs {
		u.msgs[i].Buffers = make([][]byte, 1)
	}
	u.batchIdx = make([]int, 0, len(u.slots))
	go u.recvLoop(bufs)
	return u, nil
}

func (u *usock) close() {
	u.mu.Lock()
	if u.closed {
		u.mu.Unlock()
		return
	}
	u.closed = true
	u.mu.Unlock()
	close(u.quit)
	u.conn.Close()
	u.failAll(errNetwork)
}

// register puts cl in flight on u under a fresh ID drawn by pick (random,
// RFC 5452); false if the socket is closed (pick another).
func (u *usock) register(cl *call, pick func() uint16) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed {
		return false
	}
	// Past its share, the socket asks for its replacement and keeps serving
	// until the new one is in its slot (all may ask at once).
	if u.uses++; u.uses >= rotateAfter && !u.retired && u.srv != nil {
		u.retired = true
		go u.srv.rotate(u)
	}
	id := pick()
	for u.byID[id] != nil {
		id = pick()
	}
	cl.id, cl.n, cl.cut, cl.err, cl.mismatched = id, 0, false, nil, false
	u.byID[id] = cl
	return true
}

// unregister takes cl out of flight; false if the receiver already took it
// (its signal is then on the way).
func (u *usock) unregister(cl *call) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.byID[cl.id] != cl {
		return false
	}
	u.forget(cl)
	return true
}

// forget removes cl; u.mu is held.
func (u *usock) forget(cl *call) { delete(u.byID, cl.id) }

// deliver ends cl with err; u.mu is held and cl is in flight.
func (u *usock) deliver(cl *call, err error) {
	u.forget(cl)
	cl.err = err
	cl.done <- cl
}

func (u *usock) failAll(err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, cl := range u.byID {
		u.deliver(cl, err)
	}
}

// queue sends a copy of pkt, batched with whatever else is queued on u;
// false if the socket is closed.
func (u *usock) queue(pkt []byte, id uint16) bool {
	flush, ok := u.push(pkt, id)
	if flush {
		// Before writing, let the goroutines already runnable (the workers a
		// receive just woke) queue theirs: one sendmmsg then carries a batch,
		// and the server's socket is woken once for it, instead of one system
		// call and one wake-up a datagram. With nothing else to run, the
		// yield returns at once.
		runtime.Gosched()
		u.drain()
	}
	return ok
}

// push queues a copy of pkt. flush says the caller is now the flusher and
// must call drain (after queueing more of its own, if it has them); ok is
// false if the socket is closed.
func (u *usock) push(pkt []byte, id uint16) (flush, ok bool) {
	u.smu.Lock()
	if len(u.free) == 0 {
		// Every slot is queued behind a flush in progress: this one goes
		// straight out rather than wait.
		u.smu.Unlock()
		if _, err := u.conn.Write(pkt); err != nil {
			u.failID(id, errNetwork)
		}
		return false, !u.isClosed()
	}
	i := u.free[len(u.free)-1]
	u.free = u.free[:len(u.free)-1]
	sl := &u.slots[i]
	sl.n = copy(sl.b[:], pkt)
	sl.id = id
	u.queued = append(u.queued, i)
	if u.flushing {
		u.smu.Unlock()
		return false, true
	}
	u.flushing = true
	u.smu.Unlock()
	return true, true
}

// drain writes everything queued until nothing is; only the flusher that
// push named calls it.
func (u *usock) drain() {
	u.smu.Lock()
	for len(u.queued) > 0 {
		idx := append(u.batchIdx[:0], u.queued...)
		u.queued = u.queued[:0]
		u.smu.Unlock()
		u.flush(idx)
		u.smu.Lock()
		u.free = append(u.free, idx...)
	}
	u.flushing = false
	u.smu.Unlock()
}

func (u *usock) isClosed() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.closed
}

// flush writes the datagrams of idx with as few sendmmsg calls as the
// kernel allows; only the flusher calls it.
func (u *usock) flush(idx []int) {
	msgs := u.msgs[:len(idx)]
	for k, i := range idx {
		msgs[k].Buffers[0] = u.slots[i].b[:u.slots[i].n]
	}
	sent := 0
	for sent < len(idx) {
		n, err := u.write(msgs[sent:], 0)
		if err != nil {
			// The first datagram not sent fails its query (ECONNREFUSED
			// after a port-unreachable, a closed socket); the rest try again.
			u.failID(u.slots[idx[sent]].id, errNetwork)
			n = 1
		}
		sent += n
	}
}

// failID ends the query in flight under id, if any.
func (u *usock) failID(id uint16, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if cl := u.byID[id]; cl != nil {
		u.deliver(cl, err)
	}
}

func (u *usock) recvLoop(bufs [][]byte) {
	sizes := make([]int, len(bufs))
	var qname []byte
	c := u.c
	for {
		n, err := u.rd.read(sizes)
		if err != nil {
			select {
			case <-u.quit:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if errors.Is(err, syscall.ECONNREFUSED) {
				// The server's host said nothing listens there: every query in
				// flight on this socket went to the same closed port.
				u.failAll(errNetwork)
				continue
			}
			u.failAll(errNetwork)
			continue
		}
		u.mu.Lock()
		for i := range n {
			b := bufs[i][:sizes[i]]
			if len(b) < headerLen {
				c.mismatched.Add(1)
				continue
			}
			cl := u.byID[wireID(b)]
			if cl != nil && len(b) == recvBufSize {
				// Cut by the kernel: the question is there, the rest may not be.
				cl.cut = true
				u.deliver(cl, nil)
				continue
			}
			if cl != nil {
				if _, ok := wireQuestionEnd(b, cl.name, cl.qtype); ok {
					cl.n = copy(cl.buf, b)
					u.deliver(cl, nil)
					continue
				}
			}
			// Not the answer to anything in flight: a late reply to a query
			// given up on, or a forgery. The query whose question it names
			// learns that it saw one, for its reason if it then times out.
			c.mismatched.Add(1)
			if cl != nil {
				cl.mismatched = true // its ID, another question
			} else if qname = wireQuestionName(b, qname); qname != nil {
				// Rare (a late reply, a forgery): a walk over what is in
				// flight beats keeping a second index for every query.
				for _, cl := range u.byID {
					if cl.name == string(qname) {
						cl.mismatched = true // its question, another ID
					}
				}
			}
		}
		u.mu.Unlock()
	}
}

// closeServers closes every socket; queries in flight end with errNetwork.
func (c *Client) closeServers() {
	c.smu.Lock()
	servers := c.servers
	c.servers = make(map[string]*server)
	c.sclosed = true
	c.smu.Unlock()
	for _, s := range servers {
		for i := range s.socks {
			s.socks[i].Load().close()
		}
		c.smu.Lock()
		old := slices.Clone(s.old)
		c.smu.Unlock()
		for _, u := range old {
			u.close()
		}
	}
}

// reregister puts cl back in flight under its own ID, for a resend or after
// an unreadable reply; false if the ID was taken meanwhile or u closed.
func (u *usock) reregister(cl *call) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.closed || u.byID[cl.id] != nil {
		return false
	}
	cl.n, cl.cut, cl.err = 0, false, nil
	u.byID[cl.id] = cl
	return true
}
