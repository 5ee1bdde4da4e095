package main

import (
	"io"

	"github.com/lookalike/lookalike/report"
	"github.com/spf13/pflag"
)

// outFlags are the output flags every listing command has.
type outFlags struct {
	format string
	output string
}

func (o *outFlags) register(fs *pflag.FlagSet, def string) {
	fs.Var((*formatValue)(&o.format), "format", "output `FORMAT`: table, csv, json, jsonl, list (default: table on a terminal, "+def+" otherwise)")
	fs.StringVarP(&o.output, "output", "o", "", "write results to `FILE` (atomically: it appears complete or not at all)")
}

// formatValue is --format: checked when set, from the command line or a
// config file alike.
type formatValue string

func (f *formatValue) String() string { return string(*f) }
func (f *formatValue) Type() string   { return "string" }
func (f *formatValue) Set(s string) error {
	v, err := report.ParseFormat(s)
	if err != nil {
		return err
	}
	*f = formatValue(v)
	return nil
}

// sink is where results go: stdout or an atomic file.
type sink struct {
	w      report.Writer
	raw    io.Writer // under w: where a whole-document writer (the sections table) goes
	file   *report.AtomicFile
	format report.Format
}

func (o *outFlags) open(e *env, def report.Format, table report.TableOptions) (*sink, error) {
	f := def
	if o.format != "" {
		f = report.Format(o.format)
	} else if e.stdoutTTY && o.output == "" {
		f = report.FormatTable
	}
	s := &sink{format: f}
	var w io.Writer = e.stdout
	if o.output != "" {
		af, err := report.CreateAtomic(o.output)
		if err != nil {
			return nil, err
		}
		s.file, w = af, af
	}
	s.raw = w
	s.w = report.NewWriter(w, f, table)
	return s, nil
}

// close finishes the document; commit decides whether an -o file replaces the
// old one (an interrupted run commits what it has: the records are complete).
func (s *sink) close(commit bool) error {
	err := s.w.Close()
	if s.file == nil {
		return err
	}
	if err != nil || !commit {
		s.file.Abort()
		return err
	}
	return s.file.Commit()
}
