package resolve

import (
	"sync"
	"sync/atomic"
	"time"
)

// Retransmission bounds. minRTO keeps a loopback or LAN resolver (RTT well
// under a millisecond) from being asked again while it is still recursing for
// a name it has not cached; initialRTO is used until a server has answered.
const (
	minRTO     = 50 * time.Millisecond
	initialRTO = 300 * time.Millisecond
)

// rttEstimator follows one server's round-trip time the way TCP does
// (RFC 6298): a smoothed RTT and its variation, RTO = srtt + 4·rttvar. Workers
// update it without a lock; a lost update only delays the estimate.
type rttEstimator struct {
	srtt, rttvar atomic.Int64 // nanoseconds; srtt 0 until the first sample
}

func (e *rttEstimator) observe(d time.Duration) {
	r := int64(d)
	srtt := e.srtt.Load()
	if srtt == 0 {
		e.srtt.Store(r)
		e.rttvar.Store(r / 2)
		return
	}
	diff := srtt - r
	if diff < 0 {
		diff = -diff
	}
	e.rttvar.Store((3*e.rttvar.Load() + diff) / 4)
	e.srtt.Store((7*srtt + r) / 8)
}

// rto is the wait before the first retransmission, at most limit.
func (e *rttEstimator) rto(limit time.Duration) time.Duration {
	srtt := e.srtt.Load()
	d := initialRTO
	if srtt != 0 {
		d = time.Duration(srtt + 4*e.rttvar.Load())
	}
	return min(max(d, minRTO), limit)
}

// rttTable holds one estimator per server.
type rttTable struct{ m sync.Map }

func (c *Client) rtt(server string) *rttEstimator {
	if e, ok := c.rtts.m.Load(server); ok {
		return e.(*rttEstimator)
	}
	e, _ := c.rtts.m.LoadOrStore(server, new(rttEstimator))
	return e.(*rttEstimator)
}
