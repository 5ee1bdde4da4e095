package main

import (
	"fmt"
	"math"
	"time"

	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/resolve"
	"github.com/spf13/pflag"
)

// resolverFlags are the DNS flags of every command that resolves.
type resolverFlags struct {
	resolvers    string
	conc         int
	rate         float64
	resolverRate float64
	timeout      time.Duration
	retries      int
	via          string
	authPort     int
	cross        bool
}

func (s *resolverFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&s.resolvers, "resolvers", "", "resolvers to ask: comma-separated `ip[:port]` list or a file, one a line (default: the system's, from /etc/resolv.conf)")
	fs.Var(flagval.Int(&s.conc, resolve.DefaultConcurrency, 1, math.MaxInt), "concurrency", "names resolved at once")
	fs.Var(flagval.Float(&s.rate, 0, 0, true), "rate", "at most this many queries a second, all workers together (0: no limit)")
	fs.Var(flagval.Float(&s.resolverRate, 0, 0, true), "resolver-rate", "at most this many queries a second to each resolver; one that starts dropping is slowed below it (0: no limit)")
	fs.Var(flagval.Duration(&s.timeout, resolve.DefaultTimeout), "timeout", "how long to wait for one answer")
	fs.Var(flagval.Int(&s.retries, resolve.DefaultRetries, 0, math.MaxInt), "retries", "how many more times a timeout or SERVFAIL is asked, each time of another resolver")
	fs.BoolVar(&s.cross, "cross-check", false, "ask a second resolver about every NXDOMAIN; the TLD's own servers settle a disagreement (about half a query more a free name)")
	fs.Var(flagval.Int(&s.authPort, resolve.DefaultAuthPort, 1, 65535), "auth-port", "port at which the servers of a suffix are asked directly (test worlds on loopback only)")
	_ = fs.MarkHidden("auth-port")
	fs.Var(flagval.Enum(&s.via, resolve.RecordsViaLean, resolve.RecordsViaLean, resolve.RecordsViaDNSX), "records-via", "client for the A, AAAA and MX of registered names: lean (resends on loss) or dnsx")
}

func (s *resolverFlags) options(e *env) (resolve.Options, error) {
	o := resolve.Options{
		Concurrency:  s.conc,
		Rate:         s.rate,
		ResolverRate: s.resolverRate,
		Timeout:      s.timeout,
		Retries:      s.retries,
		RecordsVia:   s.via,
		AuthPort:     s.authPort,
		CrossCheck:   s.cross,
		Records:      true,
		Warn:         func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) },
	}
	var err error
	if s.resolvers != "" {
		o.Resolvers, err = resolve.ParseResolvers(s.resolvers)
		if err != nil {
			return o, usagef("--resolvers: %v", err)
		}
	} else {
		o.Resolvers, err = resolve.SystemResolvers("/etc/resolv.conf")
		if err != nil {
			return o, fmt.Errorf("no --resolvers given and the system's could not be read: %w", err)
		}
	}
	return o, nil
}
