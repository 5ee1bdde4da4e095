package main

import (
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/scan"
	"github.com/spf13/pflag"
)

// registerJudge adds the flags of judgement and of the findings' table,
// which scan and match --resolve share: portfolio says what the portfolio
// is for, and resolveOnly starts the usage of the others ("with --resolve, ").
func (s *scanCmd) registerJudge(fs *pflag.FlagSet, portfolio, resolveOnly string) {
	fs.StringVar(&s.portfolio, "portfolio", "", "names the organisation owns, from `FILE` (one a line): "+portfolio)
	fs.StringSliceVar(&s.ownerNS, "owner-ns", nil, resolveOnly+"name servers that prove ownership: domain suffixes or globs (`PATTERN`,...)")
	fs.StringSliceVar(&s.ownerMX, "owner-mx", nil, resolveOnly+"mail hosts that prove ownership: domain suffixes or globs (`PATTERN`,...)")
	fs.Var(flagval.Int(&s.top, report.DefaultTop, 1, math.MaxInt), "top", resolveOnly+"names shown in each section of the table")
	fs.BoolVar(&s.explain, "explain", false, resolveOnly+"add risk_factors: the terms of each name's risk score")
	fs.BoolVar(&s.noProgress, "no-progress", false, resolveOnly+"no progress bar, even on a terminal")
}

// judgeOptions fills what judgement needs: ownership evidence and the RDAP
// threshold.
func (s *scanCmd) judgeOptions(o *scan.Options) error {
	for _, p := range append(append([]string(nil), s.ownerNS...), s.ownerMX...) {
		if err := judge.ValidOwnerPattern(p); err != nil {
			return usagef("--owner-ns/--owner-mx %q: %v", p, err)
		}
	}
	o.OwnerNS, o.OwnerMX, o.RDAPMinRisk, o.Budget = s.ownerNS, s.ownerMX, s.rdapMinRisk, s.budget
	if s.portfolio != "" {
		pf, err := readPortfolio(s.portfolio)
		if err != nil {
			return err
		}
		o.Portfolio = pf
	}
	return nil
}

// readPortfolio reads --portfolio. A name we own but failed to read would be
// reported as a third party: a bad line refuses the file before any query.
func readPortfolio(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usagef("--portfolio %s: no such file", path)
		}
		return nil, fmt.Errorf("--portfolio %s: %w", path, err)
	}
	defer f.Close()
	pf, errs := judge.ReadPortfolio(f)
	if len(errs) > 0 {
		return nil, usagef("--portfolio %s: %v (and %d more)", path, errs[0], len(errs)-1)
	}
	return pf, nil
}

// rdapFlags are the RDAP client's flags, shared by scan and takedown.
type rdapFlags struct {
	bootstrap string
	rate      float64
}

func (r *rdapFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&r.bootstrap, "rdap-bootstrap", "", "IANA RDAP bootstrap `FILE` (dns.json) to use instead of the embedded one")
	fs.Var(flagval.Float(&r.rate, 1, 0, false), "rdap-rate", "RDAP requests a second to each RDAP server")
}

func (r *rdapFlags) client() (*rdap.Client, error) {
	c, err := rdap.NewFromFile(rdap.Options{PerHostRate: r.rate, UserAgent: "lookalike/" + versionString()}, r.bootstrap)
	if err != nil {
		return nil, usagef("--rdap-bootstrap %v", err)
	}
	return c, nil
}

func (s *scanCmd) rdapClient() (*rdap.Client, error) {
	switch {
	case s.rdap:
		return s.rdapFlags.client()
	case s.rdapFlags.bootstrap != "":
		return nil, usagef("--rdap-bootstrap goes with --rdap")
	}
	return nil, nil
}
