package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/scan"
)

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

func (s *scanCmd) rdapClient() (*rdap.Client, error) {
	if !s.rdap {
		if s.rdapBootstrap != "" {
			return nil, usagef("--rdap-bootstrap goes with --rdap")
		}
		return nil, nil
	}
	opt := rdap.Options{PerHostRate: s.rdapRate, UserAgent: "lookalike/" + versionString()}
	if s.rdapBootstrap != "" {
		b, err := rdap.LoadBootstrapFile(s.rdapBootstrap)
		if err != nil {
			return nil, usagef("--rdap-bootstrap %v", err)
		}
		opt.Bootstrap = b
	}
	return rdap.New(opt), nil
}
