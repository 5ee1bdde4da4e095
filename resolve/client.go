package resolve

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"
	"golang.org/x/time/rate"
)

// Defaults the command line offers; zero Concurrency and Timeout take them.
const (
	DefaultConcurrency = 256
	DefaultTimeout     = 2 * time.Second
	DefaultRetries     = 2
	// DefaultWindow keeps a scan at full speed past a name that takes
	// seconds, with at most this many finished results held back (a few MB).
	DefaultWindow = 1 << 16
	// DefaultAuthPort is where the servers of a parent zone are asked.
	DefaultAuthPort = 53
)

// The record clients Options.RecordsVia names.
const (
	RecordsViaLean = "lean"
	RecordsViaDNSX = "dnsx"
)

// ErrNoResolver is returned when no usable resolver is left (none given, or
// every one lied to the probe). The scan cannot run.
var ErrNoResolver = errors.New("no usable resolver")

// Options configure a Client. The zero value with Resolvers set is usable.
type Options struct {
	// Resolvers are "ip[:port]" entries (IPv6 as [::1]:5353); port 53 is the default.
	Resolvers []string
	// Concurrency is the number of workers; 0 means DefaultConcurrency.
	Concurrency int
	// Rate caps queries per second, shared by all workers; 0 means no cap.
	Rate float64
	// ResolverRate caps queries per second to each resolver (and each parent
	// zone server), beside Rate; 0 means no cap. A resolver whose loss rises
	// is slowed below it, and climbs back as it recovers (see PoolStats).
	ResolverRate float64
	// Timeout bounds each query; 0 means DefaultTimeout. Record lookups through
	// dnsx use dnsx's own timeout (2 s), which its API does not expose.
	Timeout time.Duration
	// Retries is the number of extra tries after a timeout or SERVFAIL, each on
	// the next resolver. 0 means none; the command line defaults to DefaultRetries.
	Retries int
	// Records asks for A, AAAA, MX and CNAME of registered names.
	Records bool
	// RecordsVia picks the client for those records: RecordsViaLean (the
	// default, "") or RecordsViaDNSX.
	RecordsVia string
	// AuthPort is the port at which a parent zone's own servers are asked when
	// recursion fails (0 means 53). Only test worlds on loopback change it.
	AuthPort int
	// Window bounds how far Resolve runs ahead of the oldest name not yet
	// yielded; 0 means DefaultWindow. One slow name (timeouts and retries take
	// seconds) stalls the scan once the window is full, so it should cover
	// several seconds of scanning.
	Window int
	// Warn receives warnings for the user (a dropped resolver, a wildcard
	// suffix); nil discards them.
	Warn func(msg string)
	// Canaries are names known to be registered (the brands, their
	// portfolio): Probe checks that every resolver says they exist, and drops
	// one that says NXDOMAIN for them (see canary.go).
	Canaries []string
	// CrossCheck asks a second resolver about every NXDOMAIN, and the
	// suffix's own servers when the two disagree. It costs one query more per
	// unregistered name.
	CrossCheck bool
}

// Stats count what a Client did, for the scan's summary line.
type Stats struct {
	// Queries sent, over UDP and TCP, for decisions and records alike.
	Queries int64
	// TCP queries, sent after a truncated UDP reply.
	TCP int64
	// Retries: queries that repeated one that timed out or failed.
	Retries int64
	// Resent: datagrams sent again within an attempt after an RTT-based
	// interval without a reply (counted in Queries too).
	Resent int64
	// Timeouts: queries without a usable reply in time.
	Timeouts int64
	// Mismatched replies discarded: wrong ID or question, or unreadable.
	Mismatched int64
	// Rcodes counts replies by rcode name ("NOERROR", "NXDOMAIN", ...).
	Rcodes map[string]int64
	// ParentChecks: names for which a parent zone's own servers were asked.
	ParentChecks int64
	// Resolvers in use, and those the probe dropped.
	Resolvers []string
	Dropped   []string
}

// Client resolves candidates. It is safe for concurrent use.
type Client struct {
	opts     Options
	timeout  time.Duration
	retries  int
	authPort int
	limiter  *rate.Limiter // nil: no cap
	warn     func(string)

	mu         sync.Mutex
	resolvers  []string // in use; replaced whole, never modified in place
	dropped    []string
	probed     bool
	noResolver string // reason given when resolvers is empty
	records    *recordClients
	idle       []*worker
	closed     bool
	nextWorker int

	probeMu     sync.Mutex // one resolver probe at a time
	suffixCache flightCache[suffixInfo]
	parentCache flightCache[[]string]
	background  sync.WaitGroup // pipelines still winding down

	rtts rttTable

	smu     sync.Mutex         // guards servers and health
	servers map[string]*server // sockets per server address; emptied by Close
	health  map[string]*health // per server address, kept after Close
	sclosed bool
	picker  atomic.Pointer[picker]
	picks   atomic.Uint64

	trust trustState // liars, filters and disagreements seen (trust.go)

	silent   atomic.Bool   // every resolver went silent: nothing more is asked (silent.go)
	silentCh chan struct{} // closed when silent is set
	// confirming: a root NS query to the silent pool is under way
	confirming atomic.Bool

	queries, tcp, retried, resent, timeouts, mismatched, parentChecks atomic.Int64
	rcodes                                                            [24]atomic.Int64
}

// New checks the options and makes a Client. It sends nothing: Probe does.
func New(opts Options) (*Client, error) {
	if len(opts.Resolvers) == 0 {
		return nil, fmt.Errorf("%w: pass --resolvers with one or more ip[:port], or fix the system resolv.conf", ErrNoResolver)
	}
	var resolvers []string
	for _, r := range opts.Resolvers {
		addr, err := normalizeResolver(r)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(resolvers, addr) {
			resolvers = append(resolvers, addr)
		}
	}
	switch opts.RecordsVia {
	case "", RecordsViaLean, RecordsViaDNSX:
	default:
		return nil, fmt.Errorf("records client %q: want %s or %s", opts.RecordsVia, RecordsViaLean, RecordsViaDNSX)
	}
	if opts.Concurrency < 0 || opts.Window < 0 || opts.Rate < 0 || opts.ResolverRate < 0 || opts.Timeout < 0 || opts.Retries < 0 || opts.AuthPort < 0 || opts.AuthPort > 65535 {
		return nil, errors.New("concurrency, window, rate, resolver rate, timeout, retries and port must not be negative (port at most 65535)")
	}
	c := &Client{
		opts:       opts,
		timeout:    opts.Timeout,
		retries:    opts.Retries,
		authPort:   opts.AuthPort,
		warn:       opts.Warn,
		resolvers:  resolvers,
		noResolver: ReasonNoResolver,
		servers:    make(map[string]*server),
		health:     make(map[string]*health),
		silentCh:   make(chan struct{}),
	}
	if c.opts.Concurrency == 0 {
		c.opts.Concurrency = DefaultConcurrency
	}
	if c.opts.Window == 0 {
		c.opts.Window = DefaultWindow
	}
	c.opts.Window = max(c.opts.Window, 2*c.opts.Concurrency)
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if c.authPort == 0 {
		c.authPort = DefaultAuthPort
	}
	if c.warn == nil {
		c.warn = func(string) {}
	}
	if opts.Rate > 0 {
		burst := max(1, min(c.opts.Concurrency, int(opts.Rate)))
		c.limiter = rate.NewLimiter(rate.Limit(opts.Rate), burst)
	}
	return c, nil
}

// activeResolvers is the current list; callers must not modify it.
func (c *Client) activeResolvers() ([]string, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.resolvers, c.noResolver
}

// Stats returns the counters so far.
func (c *Client) Stats() Stats {
	s := Stats{
		Queries:      c.queries.Load(),
		TCP:          c.tcp.Load(),
		Retries:      c.retried.Load(),
		Resent:       c.resent.Load(),
		Timeouts:     c.timeouts.Load(),
		Mismatched:   c.mismatched.Load(),
		ParentChecks: c.parentChecks.Load(),
		Rcodes:       make(map[string]int64),
	}
	for i := range c.rcodes {
		if n := c.rcodes[i].Load(); n > 0 {
			name, ok := dns.RcodeToString[i]
			if !ok || i == len(c.rcodes)-1 {
				name = "OTHER"
			}
			s.Rcodes[name] += n
		}
	}
	c.mu.Lock()
	s.Resolvers = slices.Clone(c.resolvers)
	s.Dropped = slices.Clone(c.dropped)
	c.mu.Unlock()
	return s
}

func (c *Client) countRcode(rcode int) {
	c.rcodes[min(max(rcode, 0), len(c.rcodes)-1)].Add(1)
}

// Close waits for workers still finishing a record lookup after their scan
// was cancelled (dnsx cannot be interrupted; at most its 2 s timeout), then
// closes every socket. Stats and PoolStats still answer afterwards.
func (c *Client) Close() error {
	c.background.Wait()
	c.mu.Lock()
	idle := c.idle
	c.idle = nil
	c.closed = true
	c.mu.Unlock()
	for _, w := range idle {
		w.close()
	}
	c.closeServers()
	return nil
}
