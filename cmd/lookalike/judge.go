package main

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"time"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
)

// judger turns resolve results into findings: the brand profiles, the clock,
// and RDAP when asked.
type judger struct {
	rdapMinRisk int
	portfolio   map[string]bool
	ownerNS     []string
	ownerMX     []string
	profiles    map[string]*judge.Profile
	now         time.Time
}

func (s *scanCmd) judgeOptions() (*judger, error) {
	j := &judger{ownerNS: s.ownerNS, ownerMX: s.ownerMX, profiles: map[string]*judge.Profile{}, now: time.Now(), rdapMinRisk: s.rdapMinRisk}
	for _, p := range append(append([]string(nil), s.ownerNS...), s.ownerMX...) {
		if err := judge.ValidOwnerPattern(p); err != nil {
			return nil, usagef("--owner-ns/--owner-mx %q: %v", p, err)
		}
	}
	if s.top < 1 {
		return nil, usagef("--top must be at least 1")
	}
	if s.portfolio != "" {
		f, err := os.Open(s.portfolio)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, usagef("--portfolio %s: no such file", s.portfolio)
			}
			return nil, fmt.Errorf("--portfolio %s: %w", s.portfolio, err)
		}
		defer f.Close()
		pf, errs := judge.ReadPortfolio(f)
		if len(errs) > 0 {
			// A name we own but failed to read would be reported as a third
			// party: refuse the file before any query is sent.
			return nil, usagef("--portfolio %s: %v (and %d more)", s.portfolio, errs[0], len(errs)-1)
		}
		j.portfolio = pf
	}
	return j, nil
}

// profile learns each brand's own name servers and mail hosts from DNS, the
// ground truth for "owned".
func (j *judger) profile(ctx context.Context, e *env, c *resolve.Client, brands []permute.Brand) error {
	for _, b := range brands {
		r := c.Lookup(ctx, b.Domain)
		if ctx.Err() != nil {
			return errInterrupted
		}
		if r.Status != resolve.Registered {
			how := r.Status.String()
			if r.Reason != "" {
				how += " (" + r.Reason + ")"
			}
			fmt.Fprintf(e.stderr, "lookalike: warning: the brand %s itself resolved as %s: only --portfolio and --owner-ns/--owner-mx can prove ownership\n", b.Domain, how)
		}
		j.profiles[b.Domain] = judge.NewProfile(b, r, "", j.portfolio, j.ownerNS, j.ownerMX)
	}
	return nil
}

func (j *judger) judge(r resolve.Result) judge.Finding {
	return judge.Judge(j.profiles[r.Brand], r, j.now)
}

func (j *judger) factors(f judge.Finding) []string {
	var out []string
	for _, fa := range judge.RiskFactors(j.profiles[f.Brand], f, j.now) {
		out = append(out, fa.String())
	}
	return out
}

// findings judges the results in order. With RDAP, names that need a second
// opinion (registered third-party or parked names, and defend candidates) are
// looked up by a pool of workers, still in input order.
func (j *judger) findings(ctx context.Context, results iter.Seq[resolve.Result], rd *rdap.Client) iter.Seq[judge.Finding] {
	if rd == nil {
		return func(yield func(judge.Finding) bool) {
			for r := range results {
				if !yield(j.judge(r)) {
					return
				}
			}
		}
	}
	return orderedMap(ctx, results, 32, 4096, func(ctx context.Context, r resolve.Result) judge.Finding {
		f := j.judge(r)
		switch {
		case f.Verdict == judge.Defend && f.Risk < j.rdapMinRisk:
			// RDAP servers are asked politely (--rdap-rate a server), so a
			// default scan's thousands of low-risk names would take hours.
			f.Evidence = append(f.Evidence, fmt.Sprintf("rdap not asked: risk under --rdap-min-risk %d", j.rdapMinRisk))
			return f
		case f.Verdict == judge.ThirdParty, f.Verdict == judge.Parked, f.Verdict == judge.Defend:
		default:
			return f
		}
		a := rd.Lookup(ctx, r.Registrable)
		st, why := rdap.Confirm(r.Status, a)
		if why != "" {
			r.Reason = why
		}
		r.Status = st
		if info := a.RDAP(); info != nil {
			r.RDAP = info
		}
		return j.judge(r)
	})
}

func (s *scanCmd) rdapClient() (*rdap.Client, error) {
	if !s.rdap {
		if s.rdapBootstrap != "" {
			return nil, usagef("--rdap-bootstrap goes with --rdap")
		}
		return nil, nil
	}
	if s.rdapRate <= 0 {
		return nil, usagef("--rdap-rate must be positive")
	}
	opt := rdap.Options{PerHostRate: s.rdapRate, UserAgent: "lookalike/" + versionString()}
	if s.rdapBootstrap != "" {
		f, err := os.Open(s.rdapBootstrap)
		if err != nil {
			return nil, usagef("--rdap-bootstrap %s: %v", s.rdapBootstrap, err)
		}
		defer f.Close()
		b, err := rdap.LoadBootstrap(f)
		if err != nil {
			return nil, usagef("--rdap-bootstrap %s: %v", s.rdapBootstrap, err)
		}
		opt.Bootstrap = b
	}
	return rdap.New(opt), nil
}

// registrarOut is the --registrar-csv file: written whole at the end, sorted.
type registrarOut struct {
	file *report.AtomicFile
	csv  *report.RegistrarCSV
}

func openRegistrar(path string) (*registrarOut, error) {
	f, err := report.CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	return &registrarOut{file: f, csv: report.NewRegistrarCSV(f)}, nil
}

func (r *registrarOut) close(commit bool) error {
	if !commit {
		r.file.Abort()
		return nil
	}
	if err := r.csv.Close(); err != nil {
		r.file.Abort()
		return fmt.Errorf("--registrar-csv: %w", err)
	}
	return r.file.Commit()
}
