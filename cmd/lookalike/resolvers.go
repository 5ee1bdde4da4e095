package main

import (
	"fmt"
	"math"

	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/resolve"
	"github.com/spf13/pflag"
)

// resolverFlags are the DNS flags of every command that resolves; they
// fill the resolver's options in place.
type resolverFlags struct {
	resolvers string
	o         resolve.Options
}

func (s *resolverFlags) register(fs *pflag.FlagSet) {
	o := &s.o
	fs.StringVar(&s.resolvers, "resolvers", "", "resolvers to ask: comma-separated `ip[:port]` list or a file, one a line (default: the system's, from /etc/resolv.conf)")
	fs.Var(flagval.Int(&o.Concurrency, resolve.DefaultConcurrency, 1, math.MaxInt), "concurrency", "names resolved at once")
	fs.Var(flagval.Float(&o.Rate, 0, 0, true), "rate", "at most this many queries a second, all workers together (0: no limit)")
	fs.Var(flagval.Float(&o.ResolverRate, 0, 0, true), "resolver-rate", "at most this many queries a second to each resolver; one that starts dropping is slowed below it (0: no limit)")
	fs.Var(flagval.Duration(&o.Timeout, resolve.DefaultTimeout), "timeout", "how long to wait for one answer")
	fs.Var(flagval.Int(&o.Retries, resolve.DefaultRetries, 0, math.MaxInt), "retries", "how many more times a timeout or SERVFAIL is asked, each time of another resolver")
	fs.BoolVar(&o.CrossCheck, "cross-check", false, "ask a second resolver about every NXDOMAIN; the TLD's own servers settle a disagreement (about half a query more a free name)")
	fs.Var(flagval.Int(&o.AuthPort, resolve.DefaultAuthPort, 1, 65535), "auth-port", "port at which the servers of a suffix are asked directly (test worlds on loopback only)")
	_ = fs.MarkHidden("auth-port")
	fs.Var(flagval.Enum(&o.RecordsVia, resolve.RecordsViaLean, resolve.RecordsViaLean, resolve.RecordsViaDNSX), "records-via", "client for the A, AAAA and MX of registered names: lean (resends on loss) or dnsx")
}

func (s *resolverFlags) options(e *env) (resolve.Options, error) {
	o := s.o
	o.Records = true
	o.Warn = func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) }
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
