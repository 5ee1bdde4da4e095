package main

import (
	"fmt"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/report"
)

// scanOutputs are every place a scan writes: stdout (or -o), the extra files
// of --config's outputs, the registrar CSV, and the sections of a table.
type scanOutputs struct {
	main        *sink
	extra       []*sink
	registrar   *registrarOut
	sections    *report.Sections
	changesOnly bool
}

func (s *scanCmd) openOutputs(e *env) (*scanOutputs, error) {
	o := &scanOutputs{changesOnly: s.cron.changesOnly}
	var err error
	if o.main, err = s.out.open(e, report.FormatCSV, report.TableOptions{}); err != nil {
		return nil, err
	}
	if o.main.format == report.FormatTable {
		o.sections = report.NewSections(s.top)
	}
	if cfg := s.cron.cfg; cfg != nil {
		for _, out := range cfg.Outputs {
			f := out.Format
			if f == "" {
				f = string(o.main.format)
			}
			if f == string(report.FormatTable) {
				o.close(false)
				return nil, usagef("--config %s: outputs: %s: table is for terminals; use csv, json, jsonl or list", cfg.Path(), out.Path)
			}
			of := outFlags{format: f, output: out.Path}
			sk, err := of.open(e, report.FormatCSV, report.TableOptions{})
			if err != nil {
				o.close(false)
				return nil, fmt.Errorf("--config outputs: %w", err)
			}
			o.extra = append(o.extra, sk)
		}
	}
	if s.registrarCSV != "" {
		if o.registrar, err = openRegistrar(s.registrarCSV); err != nil {
			o.close(false)
			return nil, err
		}
	}
	return o, nil
}

// add writes one finding everywhere it goes.
func (o *scanOutputs) add(f judge.Finding, j *judger, explain bool) error {
	if o.registrar != nil {
		o.registrar.csv.Add(f)
	}
	rec := report.FindingRecord(f)
	if explain {
		rec = append(rec, report.Field{Key: "risk_factors", Value: j.factors(f)})
	}
	for _, x := range o.extra {
		if err := x.w.Write(rec); err != nil {
			return err
		}
	}
	switch {
	case o.changesOnly:
		return nil
	case o.sections != nil:
		o.sections.Add(f)
		return nil
	}
	return o.main.w.Write(rec)
}

// close finishes every file; commit decides whether -o files replace old ones.
func (o *scanOutputs) close(commit bool) error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	if o.main != nil {
		keep(o.main.close(commit))
	}
	for _, x := range o.extra {
		keep(x.close(commit))
	}
	if o.registrar != nil {
		keep(o.registrar.close(commit))
	}
	return first
}
