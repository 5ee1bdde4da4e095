package main

import (
	"errors"

	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
)

func (s *scanCmd) openOutputs(e *env, filter map[resolve.Status]bool) (*report.ScanOutputs, error) {
	o := &report.ScanOutputs{Filter: filter, Explain: s.explain, ChangesOnly: s.cron.changesOnly, Talk: e.stderr}
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
