package main

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/scan"
)

// prepareHandOn gives the hand-on formats what the scan adds: its clock,
// the names it owns (never exported), the budget, and with a state the
// HTML report's history (filled at Finish: the writers hold the pointer).
func (s *scanCmd) prepareHandOn(o *scan.Options) error {
	if s.cron.changesOnly && slices.Contains(report.HandOnFormats, report.Format(s.out.format)) {
		return usagef("--changes-only with --format %s: the %s format holds every finding, not the changes; drop --changes-only or use csv, json or jsonl", s.out.format, s.out.format)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	h := s.out.handOn
	h.stamp(o.Now)
	h.export.Protect, h.html.Budget, h.html.History = o.Own(), s.budget, nil
	if o.Store != nil {
		h.html.History = &report.HTMLHistory{}
	}
	return nil
}

// openOutputs opens every place the scan writes: the main output, the
// registrar CSV and the config's outputs.
func (s *scanCmd) openOutputs(e *env, filter map[resolve.Status]bool, so *scan.Options) (*report.ScanOutputs, error) {
	o := &report.ScanOutputs{Filter: filter, Explain: s.explain, ChangesOnly: s.cron.changesOnly, Talk: e.stderr}
	o.History, o.HistoryStore, o.HistoryBrands = s.out.handOn.html.History, so.Store, so.Own()[:len(so.Brands)]
	o.Warn = func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) }
	var err error
	if o.Main, err = s.out.open(e, report.FormatCSV, report.TableOptions{}); err != nil {
		return nil, err
	}
	if o.Main.Format == report.FormatTable {
		o.Sections = report.NewSections(s.top)
		o.Sections.UseOffers()
		o.TTY = e.stdoutTTY && s.out.output == ""
	}
	var extra []report.ExtraFile
	if cfg := s.cron.cfg; cfg != nil {
		for _, x := range cfg.Outputs {
			extra = append(extra, report.ExtraFile{Path: x.Path, Format: report.Format(x.Format)})
		}
	}
	err = o.OpenFiles(s.out.output, s.registrarCSV, extra, e.stdout, s.out.handOn.options(report.TableOptions{}))
	switch {
	case errors.Is(err, report.ErrOutputs):
		return nil, usagef("%v", err)
	case err != nil:
		return nil, err
	}
	return o, nil
}
