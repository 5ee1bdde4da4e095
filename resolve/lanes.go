package resolve

import (
	"context"
	"encoding/binary"
	"errors"
	"iter"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/miekg/dns"
)

// Lanes: the scan's pipeline. Most names of a scan are decided by one NS
// query and one negative reply, so the cost that matters is what surrounds
// that query: with a goroutine per name in flight, every name cost a
// hand-off to its worker, a park and a wake-up for the reply, a timer and a
// hand-off of its result. A lane is one goroutine with several names in
// flight at once (laneWidth): it sends their first queries together (one
// sendmmsg a socket), waits for whichever reply comes, decides the name
// when the reply settles it (NXDOMAIN with a fitting SOA, a delegation,
// another NOERROR) and publishes the results it has in one go. The replies
// of one recvmmsg often complete several of its names for one wake-up.
//
// The records of a registered name (A, AAAA, MX) are asked by the lane too,
// each as askAny asks it (the next resolver after a failure or a SERVFAIL),
// and merged as collect merges them.
//
// Whatever the first reply does not settle (a SERVFAIL, a timeout after the
// resends, a filtered NXDOMAIN, a referral, a truncated reply), and names
// that need more than one query from the start (a wildcard suffix,
// Options.CrossCheck), go to a slow worker: an ordinary worker that goes on
// from that first attempt exactly as decide would have (decideFrom), so
// statuses and reasons are those of the one-name path. So do the records of
// a name when one of their replies is truncated (TCP), and all records
// asked through dnsx.
//
// Results are published into a ring of the window's size, by input order,
// and the consumer yields them from there: the ordering and the window are
// those of fanout.Ordered, without a channel operation per name.

// maxLaneWidth: names a lane has in flight at most.
const maxLaneWidth = 8

// laneWidth spreads Concurrency over lanes: a few names each at full
// concurrency, one each when Concurrency is small (a lane then behaves as
// the one-name workers did).
func laneWidth(concurrency int) int { return min(maxLaneWidth, max(1, concurrency/32)) }

// feedSize: names the feeder hands a lane at once.
const feedSize = maxLaneWidth

type job struct {
	seq  int
	cand permute.Candidate
}

type feed struct {
	n    int
	jobs [feedSize]job
}

// run is one Resolve call's shared state.
type run struct {
	c      *Client
	ctx    context.Context
	window int
	slots  chan struct{} // one per name started and not yet yielded
	feeds  chan *feed
	fpool  sync.Pool

	mu     sync.Mutex
	ring   []*Result // by seq % window; nil until finished
	boxes  []*Result // yielded boxes, reused so that holding costs no allocation a name
	next   int       // the seq the consumer waits for
	total  int       // names fed; -1 while the feeder runs
	wanted bool      // the consumer is waiting for ring[next]
	notify chan struct{}

	slow     chan slowJob
	slowMu   sync.Mutex
	slowRuns int // slow workers started
	slowMax  int
	wg       sync.WaitGroup // lanes, slow workers and the feeder
}

// done is a finished name on its way to the ring.
type done struct {
	seq int
	res Result
}

// slowJob is a name a lane hands over: decide it from scratch (first nil
// and !collect), go on after its first try, or collect its records.
type slowJob struct {
	seq     int
	res     Result // Candidate and Registrable set; Status etc. if collect
	first   *firstTry
	collect bool
	scratch bool
}

// publish puts finished names in the ring and wakes the consumer if the
// one it waits for is among them.
func (r *run) publish(ds []done) {
	if len(ds) == 0 {
		return
	}
	r.mu.Lock()
	for i := range ds {
		var b *Result
		if n := len(r.boxes); n > 0 {
			b, r.boxes = r.boxes[n-1], r.boxes[:n-1]
		} else {
			b = new(Result)
		}
		*b = ds[i].res
		r.ring[ds[i].seq%r.window] = b
	}
	wake := r.wanted && r.ring[r.next%r.window] != nil
	if wake {
		r.wanted = false
	}
	r.mu.Unlock()
	if wake {
		r.signal()
	}
}

// signal wakes the consumer if it waits on notify; it never blocks.
func (r *run) signal() {
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func (r *run) feeder(in iter.Seq[permute.Candidate]) {
	defer r.wg.Done()
	defer close(r.feeds)
	seq := 0
	defer func() {
		r.mu.Lock()
		r.total = seq
		wake := r.wanted
		r.wanted = false
		r.mu.Unlock()
		if wake {
			r.signal()
		}
	}()
	f := r.fpool.Get().(*feed)
	send := func() bool {
		if f.n == 0 {
			return true
		}
		select {
		case r.feeds <- f:
			f = r.fpool.Get().(*feed)
			f.n = 0
			return true
		case <-r.ctx.Done():
			return false
		}
	}
	for cand := range in {
		select {
		case r.slots <- struct{}{}:
		default:
			// The window is full: what is held goes out first, then wait.
			if !send() {
				return
			}
			select {
			case r.slots <- struct{}{}:
			case <-r.ctx.Done():
				return
			}
		}
		f.jobs[f.n] = job{seq, cand}
		f.n++
		seq++
		if f.n == feedSize && !send() {
			return
		}
	}
	send()
}

// toSlow hands j to a slow worker, starting one if all are busy and the
// limit allows; it blocks only when every one is busy.
func (r *run) toSlow(j slowJob) {
	select {
	case r.slow <- j:
		return
	default:
	}
	r.slowMu.Lock()
	if r.slowRuns < r.slowMax {
		r.slowRuns++
		r.slowMu.Unlock()
		r.wg.Add(1)
		go r.slowWorker(j)
		return
	}
	r.slowMu.Unlock()
	select {
	case r.slow <- j:
	case <-r.ctx.Done():
		r.publish([]done{{j.seq, cancelled(j.res)}})
	}
}

func cancelled(res Result) Result {
	res.Status, res.Reason, res.NS = Unknown, ReasonCancelled, nil
	return res
}

func (r *run) slowWorker(j slowJob) {
	defer r.wg.Done()
	c := r.c
	w := c.newWorker()
	defer w.close()
	var out [1]done
	for {
		res := j.res
		switch {
		case j.collect:
			w.collect(r.ctx, strings.TrimSuffix(strings.ToLower(res.Domain), "."), &res)
		case j.scratch:
			res = w.resolveOne(r.ctx, res.Candidate)
		default:
			_, suffix := names.Cut(res.Registrable)
			res.Status, res.Reason, res.NS = w.decideFrom(r.ctx, res.Registrable, suffix, j.first)
			if res.Status == Registered && res.Reason != ReasonParent && c.opts.Records {
				w.collect(r.ctx, strings.TrimSuffix(strings.ToLower(res.Domain), "."), &res)
			}
		}
		out[0] = done{j.seq, res}
		r.publish(out[:])
		var ok bool
		select {
		case j, ok = <-r.slow:
			if !ok {
				return
			}
		case <-r.ctx.Done():
			return
		}
	}
}

// laneSlot is one name in flight in a lane.
type laneSlot struct {
	seq      int
	res      Result
	fqdn     string
	sfx      suffixInfo
	start    int
	resolver string
	srv      *server
	u        *usock
	est      *rttEstimator
	sent     time.Time
	deadline time.Time
	next     time.Time
	rto      time.Duration
	resent   bool
	unread   bool
	out      []byte
	busy     bool
	// A record query (qtype not NS) for l.names[name], recordTypes[rec],
	// try as askAny counts them.
	qtype uint16
	name  int
	rec   int
	try   int
}

// answered counts a slot's reply: its round trip (a resent query's tells
// nothing of the first), the resolver's health and the rcode.
func (s *laneSlot) answered(c *Client, rcode int) {
	now := time.Now()
	rtt := now.Sub(s.sent)
	if !s.resent {
		s.est.observe(rtt)
	}
	s.srv.h.answered(rcode, rtt, now.UnixNano())
	c.countRcode(rcode)
}

// laneName is a registered name whose records a lane is asking.
type laneName struct {
	seq     int
	res     Result
	fqdn    string
	parts   [3]recordSet
	left    int  // record queries not finished
	dropped bool // handed to a slow worker: the rest is ignored
}

// recTodo is a record query waiting for a free slot.
type recTodo struct{ name, rec, try int }

type lane struct {
	r       *run
	w       *worker
	width   int
	done    chan *call
	calls   []*call
	slots   []laneSlot
	busy    int
	queue   *feed // names taken from the feeder, not yet started
	qpos    int
	fed     bool // the feeder is done
	fin     []done
	flushes []*usock
	names   []laneName
	freeN   []int // unused entries of names
	todo    []recTodo
	timer   *time.Timer
}

func (r *run) newLane(width int) *lane {
	c := r.c
	l := &lane{r: r, w: c.newWorker(), width: width, done: make(chan *call, width),
		calls: make([]*call, width), slots: make([]laneSlot, width), timer: time.NewTimer(time.Hour)}
	l.timer.Stop()
	for i := range l.calls {
		l.calls[i] = &call{done: l.done, idx: i, buf: make([]byte, recvBufSize)}
		l.slots[i].out = make([]byte, 0, slotSize)
	}
	return l
}

func (l *lane) run() {
	r := l.r
	defer r.wg.Done()
	defer l.w.close()
	defer l.timer.Stop()
	ctx := r.ctx
	for {
		// Fill the free slots from the names at hand, taking more from the
		// feeder without waiting while anything is in flight.
		for l.busy < l.width && len(l.todo) > 0 {
			t := l.todo[0]
			l.todo = l.todo[1:]
			l.startRecord(ctx, t)
		}
		for l.busy < l.width {
			if l.overdue() {
				// A rate limit held the last starts back: the resends and
				// timeouts due come first (a silent pool shows in them).
				break
			}
			if l.queue == nil && !l.take(ctx, l.busy == 0 && len(l.fin) == 0) {
				break
			}
			if l.queue == nil {
				break
			}
			j := l.queue.jobs[l.qpos]
			l.queue.jobs[l.qpos] = job{}
			if l.qpos++; l.qpos == l.queue.n {
				r.fpool.Put(l.queue)
				l.queue = nil
			}
			l.start(ctx, j)
		}
		if len(l.flushes) > 0 {
			// As queue does: the lanes a receive just woke queue theirs
			// first, so that one sendmmsg carries them all and the server
			// is woken once for the batch.
			runtime.Gosched()
		}
		for _, u := range l.flushes {
			u.drain()
		}
		l.flushes = l.flushes[:0]
		r.publish(l.fin)
		clear(l.fin)
		l.fin = l.fin[:0]
		if ctx.Err() != nil {
			l.cancel()
			r.publish(l.fin)
			return
		}
		if l.busy == 0 {
			if l.fed && l.queue == nil && len(l.todo) == 0 {
				return // fed everything, nothing in flight
			}
			continue
		}
		// Wait for a reply, the earliest resend or deadline, or (with a
		// slot free) more names.
		var due time.Time
		for i := range l.slots {
			if s := &l.slots[i]; s.busy {
				d := s.deadline
				if s.next.Before(d) {
					d = s.next
				}
				if due.IsZero() || d.Before(due) {
					due = d
				}
			}
		}
		var feeds chan *feed
		if l.busy < l.width && l.queue == nil && !l.fed && len(l.todo) == 0 {
			feeds = r.feeds
		}
		l.timer.Reset(time.Until(due))
		select {
		case cl := <-l.done:
			l.timer.Stop()
			l.reply(ctx, cl)
			for more := true; more; {
				select {
				case cl := <-l.done:
					l.reply(ctx, cl)
				default:
					more = false
				}
			}
		case f, ok := <-feeds:
			l.timer.Stop()
			if !ok {
				l.fed = true
			} else {
				l.queue, l.qpos = f, 0
			}
		case <-l.timer.C:
			l.expire(ctx)
		case <-ctx.Done():
			l.timer.Stop()
		}
	}
}

// overdue says whether a slot's resend or deadline has passed.
func (l *lane) overdue() bool {
	if l.busy == 0 {
		return false
	}
	now := time.Now()
	for i := range l.slots {
		if s := &l.slots[i]; s.busy && (!now.Before(s.next) || !now.Before(s.deadline)) {
			return true
		}
	}
	return false
}

// take gets the next feed into l.queue, waiting for it if block; false if
// none came (l.fed once the feeder is done).
func (l *lane) take(ctx context.Context, block bool) bool {
	if l.fed {
		return false
	}
	var f *feed
	var ok bool
	if block {
		select {
		case f, ok = <-l.r.feeds:
		case <-ctx.Done():
			return false
		}
	} else {
		select {
		case f, ok = <-l.r.feeds:
		default:
			return false
		}
	}
	if !ok {
		l.fed = true
		return false
	}
	l.queue, l.qpos = f, 0
	return true
}

// finish ends slot s with res.
func (l *lane) finish(seq int, res Result) {
	l.fin = append(l.fin, done{seq, res})
}

// free releases slot i.
func (l *lane) free(i int) {
	s := &l.slots[i]
	s.busy = false
	s.res = Result{}
	s.srv, s.u, s.est, s.sfx = nil, nil, nil, suffixInfo{}
	l.busy--
}

// handOff gives slot i's name to a slow worker.
func (l *lane) handOff(i int, j slowJob) {
	s := &l.slots[i]
	j.seq, j.res = s.seq, s.res
	l.free(i)
	l.r.toSlow(j)
}

// start begins the decision of one name: its first NS query, or straight to
// a slow worker when one query cannot settle it.
func (l *lane) start(ctx context.Context, j job) {
	w, c := l.w, l.w.c
	res := Result{Candidate: j.cand}
	name := strings.TrimSuffix(strings.ToLower(j.cand.Domain), ".")
	if !names.ValidHost(name) {
		res.Status, res.Reason = Unknown, ReasonBadName
		l.finish(j.seq, res)
		return
	}
	reg, suffix := names.Cut(name)
	res.Registrable = reg
	if c.opts.CrossCheck {
		l.r.toSlow(slowJob{seq: j.seq, res: res, scratch: true})
		return
	}
	sfx, err := c.suffix(ctx, w, suffix)
	if err != nil {
		res.Status, res.Reason = Unknown, ReasonCancelled
		l.finish(j.seq, res)
		return
	}
	if sfx.wildcard {
		l.r.toSlow(slowJob{seq: j.seq, res: res, scratch: true})
		return
	}
	resolvers, noResolver := c.activeResolvers()
	if len(resolvers) == 0 {
		res.Status, res.Reason = Unknown, noResolver
		l.finish(j.seq, res)
		return
	}
	w.aim()
	start := w.id + w.turn
	w.turn++
	resolver := resolvers[start%len(resolvers)]
	// A free slot: there is one, the caller checked.
	i := 0
	for l.slots[i].busy {
		i++
	}
	s := &l.slots[i]
	*s = laneSlot{seq: j.seq, res: res, fqdn: reg + ".", sfx: sfx, start: start, resolver: resolver, out: s.out, busy: true, qtype: dns.TypeNS}
	l.busy++
	if err := l.send(ctx, i); err != nil {
		if ctx.Err() != nil {
			l.finish(s.seq, cancelled(s.res))
			l.free(i)
			return
		}
		l.handOff(i, slowJob{first: &firstTry{start: start, resolver: resolver, err: err}})
	}
}

// send is exchange's first half for slot i: register, pack, queue.
func (l *lane) send(ctx context.Context, i int) error {
	w, c := l.w, l.w.c
	s := &l.slots[i]
	if c.silent.Load() {
		return errSilent
	}
	srv := c.serverFor(s.resolver)
	if err := srv.h.admit(ctx, c); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, errSilent) {
			return errSilent
		}
		return errTimeout
	}
	u, err := srv.sock()
	if err != nil {
		return errNetwork
	}
	out, ok := appendQuery(s.out[:0], s.fqdn, s.qtype, true)
	if !ok {
		w.q.Id = 0
		w.q.Opcode = dns.OpcodeQuery
		w.q.RecursionDesired = true
		w.q.Question[0] = dns.Question{Name: s.fqdn, Qtype: s.qtype, Qclass: dns.ClassINET}
		if out, err = w.q.PackBuffer(s.out[:cap(s.out)]); err != nil {
			return errNetwork
		}
	}
	if len(out) > slotSize {
		return errNetwork
	}
	s.out = out
	cl := l.calls[i]
	cl.name, cl.qtype = s.fqdn, s.qtype
	registered := u.register(cl, w.pickID)
	for range len(srv.socks) {
		if registered {
			break
		}
		if u, err = srv.sock(); err != nil {
			return errNetwork
		}
		registered = u.register(cl, w.pickID)
	}
	if !registered {
		return errNetwork
	}
	binary.BigEndian.PutUint16(out, cl.id)
	s.srv, s.u = srv, u
	s.sent = time.Now()
	s.deadline = s.sent.Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(s.deadline) {
		s.deadline = d
	}
	s.est = c.rtt(s.resolver)
	s.rto = s.est.rto(c.timeout)
	s.next = s.sent.Add(s.rto)
	c.queries.Add(1)
	srv.h.sent.Add(1)
	flush, ok := u.push(out, cl.id)
	if !ok {
		u.unregister(cl)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errNetwork
	}
	if flush {
		l.flushes = append(l.flushes, u)
	}
	return nil
}

// reply handles the signal of call cl: exchange's second half.
func (l *lane) reply(ctx context.Context, cl *call) {
	w, c := l.w, l.w.c
	i := cl.idx
	s := &l.slots[i]
	if !s.busy {
		return // cannot happen: one signal per registration
	}
	if s.qtype != dns.TypeNS {
		l.recordReply(ctx, cl)
		return
	}
	first := func(resp *dns.Msg, err error) *firstTry {
		return &firstTry{start: s.start, resolver: s.resolver, resp: resp, err: err}
	}
	if cl.err != nil {
		c.lostOne(s.srv.h, time.Now().UnixNano())
		l.handOff(i, slowJob{first: first(nil, cl.err)})
		return
	}
	if cl.cut {
		l.handOff(i, slowJob{scratch: true}) // TCP is the one-name path's
		return
	}
	resp, ok := w.decode(cl.buf[:cl.n], s.fqdn, dns.TypeNS)
	if !ok {
		c.mismatched.Add(1)
		s.unread = true
		if !s.u.reregister(cl) {
			l.handOff(i, slowJob{first: first(nil, errMismatch)})
		}
		return
	}
	if resp.Truncated {
		l.handOff(i, slowJob{scratch: true})
		return
	}
	s.answered(c, resp.Rcode)
	if resp.Rcode == dns.RcodeSuccess || resp.Rcode == dns.RcodeNameError {
		// What decide's first try would conclude, for the replies that
		// settle a name (no cross-check, no wildcard: start checked).
		v, ns := classify(resp, s.fqdn)
		res := s.res
		switch {
		case v == vNX:
			res.Status = Unregistered
		case v == vFiltered || v == vUpward:
			l.handOff(i, slowJob{first: first(resp.Copy(), nil)})
			return
		case v == vDelegation && !s.sfx.masks(ns):
			res.Status, res.Reason, res.NS = Registered, ReasonDelegation, ns
		default:
			res.Status, res.Reason = Registered, ReasonNoError
		}
		if res.Status == Registered && c.opts.Records {
			if c.opts.RecordsVia == RecordsViaDNSX {
				s.res = res
				l.handOff(i, slowJob{collect: true})
				return
			}
			seq := s.seq
			l.free(i)
			l.askRecords(seq, res)
			return
		}
		l.finish(s.seq, res)
		l.free(i)
		return
	}
	l.handOff(i, slowJob{first: first(resp.Copy(), nil)})
}

// expire resends or times out the slots whose time has come.
func (l *lane) expire(ctx context.Context) {
	w, c := l.w, l.w.c
	now := time.Now()
	for i := range l.slots {
		s := &l.slots[i]
		if !s.busy {
			continue
		}
		wait := s.deadline
		if s.next.Before(s.deadline) {
			wait = s.next
		}
		if now.Before(wait) {
			continue
		}
		cl := l.calls[i]
		if !s.u.unregister(cl) {
			continue // the reply came as the timer fired: its signal is queued
		}
		if wait.Before(s.deadline) && w.resend(ctx, s.srv, s.u, cl, s.out) {
			s.resent = true
			s.rto *= 2
			s.next = time.Now().Add(s.rto)
			continue
		}
		if ctx.Err() != nil {
			if s.qtype != dns.TypeNS {
				l.recordDone(i, false)
				continue
			}
			l.finish(s.seq, cancelled(s.res))
			l.free(i)
			continue
		}
		c.timeouts.Add(1)
		c.lostOne(s.srv.h, time.Now().UnixNano())
		if s.qtype != dns.TypeNS {
			l.recordDone(i, true)
			continue
		}
		err := errTimeout
		if cl.mismatched || s.unread {
			err = errMismatch
		}
		l.handOff(i, slowJob{first: &firstTry{start: s.start, resolver: s.resolver, err: err}})
	}
}

// cancel ends every name in flight as cancelled.
func (l *lane) cancel() {
	for i := range l.slots {
		s := &l.slots[i]
		if !s.busy {
			continue
		}
		s.u.unregister(l.calls[i]) // if it fails, the signal waits in l.done, unread
		if s.qtype != dns.TypeNS {
			l.free(i)
			continue
		}
		l.finish(s.seq, cancelled(s.res))
		l.free(i)
	}
	// Names caught collecting records are registered all the same, with the
	// records they have (as collect leaves them when its ctx ends).
	for k := range l.names {
		if n := &l.names[k]; n.left > 0 && !n.dropped {
			mergeRecords(&n.res, &n.parts)
			l.finish(n.seq, n.res)
			*n = laneName{}
		}
	}
	l.todo = l.todo[:0]
}

// askRecords starts collecting the records of a registered name in the
// lane: A, AAAA and MX, each as askAny asks them (the next resolver after
// a failure or SERVFAIL, up to Options.Retries more), merged as collect
// merges them.
func (l *lane) askRecords(seq int, res Result) {
	k := len(l.names)
	if n := len(l.freeN); n > 0 {
		k, l.freeN = l.freeN[n-1], l.freeN[:n-1]
	} else {
		l.names = append(l.names, laneName{})
	}
	l.names[k] = laneName{seq: seq, res: res, fqdn: strings.TrimSuffix(strings.ToLower(res.Domain), ".") + ".", left: len(recordTypes)}
	for r := range recordTypes {
		l.todo = append(l.todo, recTodo{name: k, rec: r})
	}
}

// startRecord sends a record query in a free slot.
func (l *lane) startRecord(ctx context.Context, t recTodo) {
	w, c := l.w, l.w.c
	n := &l.names[t.name]
	if n.dropped {
		l.nameDone(t.name)
		return
	}
	resolvers, _ := c.activeResolvers()
	if len(resolvers) == 0 || ctx.Err() != nil {
		l.nameDone(t.name)
		return
	}
	i := 0
	for l.slots[i].busy {
		i++
	}
	s := &l.slots[i]
	*s = laneSlot{seq: n.seq, fqdn: n.fqdn, resolver: resolvers[(w.id+t.try)%len(resolvers)], out: s.out, busy: true,
		qtype: recordTypes[t.rec], name: t.name, rec: t.rec, try: t.try}
	l.busy++
	if err := l.send(ctx, i); err != nil {
		if ctx.Err() != nil {
			l.free(i)
			l.nameDone(t.name)
			return
		}
		l.recordDone(i, true)
	}
}

// recordReply handles the reply to record query slot cl.idx.
func (l *lane) recordReply(ctx context.Context, cl *call) {
	w, c := l.w, l.w.c
	i := cl.idx
	s := &l.slots[i]
	if cl.err != nil {
		c.lostOne(s.srv.h, time.Now().UnixNano())
		l.recordDone(i, true)
		return
	}
	var resp *dns.Msg
	ok := false
	if !cl.cut {
		resp, ok = w.decode(cl.buf[:cl.n], s.fqdn, s.qtype)
		if !ok {
			c.mismatched.Add(1)
			s.unread = true
			if !s.u.reregister(cl) {
				l.recordDone(i, true)
			}
			return
		}
	}
	if cl.cut || resp.Truncated {
		// TCP is the one-name path's: the name's records are collected
		// there, from the start.
		k := s.name
		n := &l.names[k]
		l.free(i)
		if !n.dropped {
			n.dropped = true
			l.r.toSlow(slowJob{seq: n.seq, res: n.res, collect: true})
		}
		l.nameDone(k)
		return
	}
	s.answered(c, resp.Rcode)
	switch resp.Rcode {
	case dns.RcodeServerFailure:
		l.recordDone(i, true)
	case dns.RcodeSuccess, dns.RcodeNameError:
		if n := &l.names[s.name]; !n.dropped {
			n.parts[s.rec] = readRecords(resp, s.fqdn)
		}
		l.recordDone(i, false)
	default:
		l.recordDone(i, false)
	}
}

// recordDone frees record slot i; with retry, the query is asked again of
// the next resolver while tries are left (askAny's policy).
func (l *lane) recordDone(i int, retry bool) {
	c := l.w.c
	s := &l.slots[i]
	k, rec, try := s.name, s.rec, s.try
	l.free(i)
	if retry && try < c.retries && !l.names[k].dropped && l.r.ctx.Err() == nil {
		c.retried.Add(1)
		l.todo = append(l.todo, recTodo{name: k, rec: rec, try: try + 1})
		return
	}
	l.nameDone(k)
}

// nameDone counts one record query of l.names[k] as finished, and
// publishes the name when it was the last.
func (l *lane) nameDone(k int) {
	n := &l.names[k]
	if n.left--; n.left > 0 {
		return
	}
	if !n.dropped {
		mergeRecords(&n.res, &n.parts)
		l.finish(n.seq, n.res)
	}
	*n = laneName{}
	l.freeN = append(l.freeN, k)
}

// take moves the finished results that continue the output to batch; r.mu
// is held.
func (r *run) take(batch *[]Result) {
	for {
		b := r.ring[r.next%r.window]
		if b == nil {
			return
		}
		r.ring[r.next%r.window] = nil
		*batch = append(*batch, *b)
		*b = Result{} // the box keeps nothing alive
		r.boxes = append(r.boxes, b)
		r.next++
	}
}

// resolveLanes is Resolve's body.
func (c *Client) resolveLanes(ctx context.Context, in iter.Seq[permute.Candidate], yield func(Result) bool) {
	ctx, cancel := context.WithCancel(ctx)
	width := laneWidth(c.opts.Concurrency)
	lanes := max(1, (c.opts.Concurrency+width-1)/width)
	r := &run{
		c: c, ctx: ctx, window: c.opts.Window,
		slots:   make(chan struct{}, c.opts.Window),
		feeds:   make(chan *feed, lanes),
		ring:    make([]*Result, c.opts.Window),
		total:   -1,
		notify:  make(chan struct{}, 1),
		slow:    make(chan slowJob), // unbuffered: a send succeeds only to an idle slow worker
		slowMax: c.opts.Concurrency,
	}
	r.fpool.New = func() any { return new(feed) }
	r.wg.Add(1 + lanes)
	go r.feeder(in)
	for range lanes {
		go r.newLane(width).run()
	}
	defer func() {
		cancel()
		// Slow workers caught in a record lookup through dnsx (which
		// ignores ctx) finish in the background; Close waits for them.
		c.background.Add(1)
		go func() {
			defer c.background.Done()
			r.wg.Wait()
		}()
	}()
	var batch []Result
	for {
		r.mu.Lock()
		r.take(&batch)
		end := r.total >= 0 && r.next == r.total
		if len(batch) == 0 && !end {
			r.wanted = true
		}
		r.mu.Unlock()
		for i := range batch {
			<-r.slots
			if !yield(batch[i]) {
				return
			}
			batch[i] = Result{}
		}
		if end {
			return
		}
		if len(batch) > 0 {
			batch = batch[:0]
			continue
		}
		select {
		case <-r.notify:
		case <-ctx.Done():
			// What finished and continues the output, then stop.
			r.mu.Lock()
			r.take(&batch)
			r.mu.Unlock()
			for _, res := range batch {
				if !yield(res) {
					return
				}
			}
			return
		}
	}
}
