package main

import (
	"fmt"

	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/scan"
)

// scanOutputs are every place a scan writes: stdout (or -o), the extra files
// of --config's outputs, the registrar CSV, and the sections of a table. It
// is the scan's Sink.
type scanOutputs struct {
	e           *env
	main        *sink
	extra       []*sink
	registrar   *report.AtomicFile
	registrarW  *report.RegistrarCSV
	sections    *report.Sections
	filter      map[resolve.Status]bool
	explain     bool
	changesOnly bool
	withState   bool
	ttyTable    bool
}

func (s *scanCmd) openOutputs(e *env, filter map[resolve.Status]bool, withState bool) (*scanOutputs, error) {
	o := &scanOutputs{e: e, filter: filter, explain: s.explain, changesOnly: s.cron.changesOnly, withState: withState}
	var err error
	if o.main, err = s.out.open(e, report.FormatCSV, report.TableOptions{}); err != nil {
		return nil, err
	}
	if o.main.format == report.FormatTable {
		o.sections = report.NewSections(s.top)
		o.ttyTable = e.stdoutTTY && s.out.output == ""
	}
	if cfg := s.cron.cfg; cfg != nil {
		for _, out := range cfg.Outputs {
			f := out.Format
			if f == "" {
				f = string(o.main.format)
			}
			if f == string(report.FormatTable) {
				o.Abort()
				return nil, usagef("--config %s: outputs: %s: table is for terminals; use csv, json, jsonl or list", cfg.Path(), out.Path)
			}
			of := outFlags{format: f, output: out.Path}
			sk, err := of.open(e, report.FormatCSV, report.TableOptions{})
			if err != nil {
				o.Abort()
				return nil, fmt.Errorf("--config outputs: %w", err)
			}
			o.extra = append(o.extra, sk)
		}
	}
	if s.registrarCSV != "" {
		if o.registrar, err = report.CreateAtomic(s.registrarCSV); err != nil {
			o.Abort()
			return nil, err
		}
		o.registrarW = report.NewRegistrarCSV(o.registrar)
	}
	return o, nil
}

// Offer puts a name offered for registration into the registrar CSV.
func (o *scanOutputs) Offer(f judge.Finding) error {
	if o.registrarW != nil {
		o.registrarW.Add(f)
	}
	return nil
}

// Add writes one finding everywhere it goes.
func (o *scanOutputs) Add(f judge.Finding) error {
	if o.filter != nil && !o.filter[f.Status] {
		return nil
	}
	rec := report.FindingRecord(f)
	if o.explain {
		factors := make([]string, len(f.Factors))
		for i, x := range f.Factors {
			factors[i] = x.String()
		}
		rec = append(rec, report.Field{Key: "risk_factors", Value: factors})
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

// Finish writes the whole-document parts (the changes, the sections table)
// and commits every file.
func (o *scanOutputs) Finish(sum *scan.Summary) error {
	err := o.finishMain(sum)
	if cerr := o.close(err == nil); err == nil {
		err = cerr
	}
	return err
}

func (o *scanOutputs) finishMain(sum *scan.Summary) error {
	switch {
	case o.sections != nil:
		if o.withState && sum.Stored {
			if err := report.WriteChangesTable(o.main.raw, sum.Changes, sum.Baselines); err != nil {
				return err
			}
		}
		if !o.changesOnly {
			return o.sections.WriteTable(o.main.raw, o.ttyTable)
		}
	case o.changesOnly:
		for _, c := range sum.Changes {
			if err := o.main.w.Write(report.ChangeRecord(c)); err != nil {
				return err
			}
		}
	default:
		for _, c := range sum.Changes {
			fmt.Fprintf(o.e.stderr, "lookalike: change: %s %s (%s, risk %d) %s\n", c.Kind, report.Clean(c.Domain), c.Verdict, c.Risk, report.Clean(report.ChangeText(c)))
		}
	}
	return nil
}

// Abort discards every file: a failed run replaces no earlier output.
func (o *scanOutputs) Abort() { o.close(false) }

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
		keep(commitRegistrar(o.registrar, o.registrarW, commit))
	}
	return first
}

// commitRegistrar writes the registrar CSV, sorted, and commits its file.
func commitRegistrar(f *report.AtomicFile, w *report.RegistrarCSV, commit bool) error {
	if !commit {
		f.Abort()
		return nil
	}
	if err := w.Close(); err != nil {
		f.Abort()
		return fmt.Errorf("--registrar-csv: %w", err)
	}
	return f.Commit()
}
