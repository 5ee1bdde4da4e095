package main

import (
	"fmt"
	"time"

	"github.com/lookalike/lookalike/resolve"
	"github.com/spf13/pflag"
)

// resolverFlags are the DNS flags of every command that resolves.
type resolverFlags struct {
	resolvers string
	conc      int
	rate      float64
	timeout   time.Duration
	retries   int
	via       string
}

func (s *resolverFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&s.resolvers, "resolvers", "", "resolvers to ask: comma-separated `ip[:port]` list or a file, one a line (default: the system's, from /etc/resolv.conf)")
	fs.IntVar(&s.conc, "concurrency", resolve.DefaultConcurrency, "names resolved at once")
	fs.Float64Var(&s.rate, "rate", 0, "at most this many queries a second, all workers together (0: no limit)")
	fs.DurationVar(&s.timeout, "timeout", resolve.DefaultTimeout, "how long to wait for one answer")
	fs.IntVar(&s.retries, "retries", resolve.DefaultRetries, "how many more times a timeout or SERVFAIL is asked, each time of another resolver")
	fs.StringVar(&s.via, "records-via", resolve.RecordsViaLean, "client for the A, AAAA and MX of registered names: lean (resends on loss) or dnsx")
}

func (s *resolverFlags) options(e *env) (resolve.Options, error) {
	o := resolve.Options{
		Concurrency: s.conc,
		Rate:        s.rate,
		Timeout:     s.timeout,
		Retries:     s.retries,
		RecordsVia:  s.via,
		Records:     true,
		Warn:        func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) },
	}
	if s.via != resolve.RecordsViaLean && s.via != resolve.RecordsViaDNSX {
		return o, usagef("--records-via %q: want %s or %s", s.via, resolve.RecordsViaLean, resolve.RecordsViaDNSX)
	}
	if s.conc < 1 {
		return o, usagef("--concurrency must be at least 1")
	}
	if s.retries < 0 {
		return o, usagef("--retries must be 0 or more")
	}
	if s.timeout <= 0 {
		return o, usagef("--timeout must be positive, such as 2s or 500ms")
	}
	if s.rate < 0 {
		return o, usagef("--rate must be 0 (no limit) or more")
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
