package main

import (
	"fmt"
	"path/filepath"

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
	written := map[string]string{}
	claim := func(path, what string) error {
		if path == "" {
			return nil
		}
		p := filepath.Clean(path)
		if other, dup := written[p]; dup {
			return usagef("%s and %s both write %s: give each its own file", other, what, path)
		}
		written[p] = what
		return nil
	}
	if err := claim(s.out.output, "-o"); err != nil {
		o.Abort()
		return nil, err
	}
	if err := claim(s.registrarCSV, "--registrar-csv"); err != nil {
		o.Abort()
		return nil, err
	}
	if cfg := s.cron.cfg; cfg != nil {
		for _, out := range cfg.Outputs {
			f := out.Format
			if f == "" {
				f = string(o.Main.Format)
			}
			if f == string(report.FormatTable) {
				o.Abort()
				return nil, usagef("--config %s: outputs: %s: table is for terminals; use csv, json, jsonl or list", cfg.Path(), out.Path)
			}
			if err := claim(out.Path, "--config outputs"); err != nil {
				o.Abort()
				return nil, err
			}
			x, err := report.OpenOutputWith(e.stdout, out.Path, report.Format(f), s.out.handOn.options(report.TableOptions{}))
			if err != nil {
				o.Abort()
				return nil, fmt.Errorf("--config outputs: %w", err)
			}
			o.Extra = append(o.Extra, x)
		}
	}
	if s.registrarCSV != "" {
		if o.Registrar, err = report.CreateRegistrar(s.registrarCSV); err != nil {
			o.Abort()
			return nil, err
		}
	}
	return o, nil
}
