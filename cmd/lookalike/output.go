package main

import (
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

func (o *outFlags) open(e *env, def report.Format, table report.TableOptions) (*report.Output, error) {
	f := def
	if o.format != "" {
		f = report.Format(o.format)
	} else if e.stdoutTTY && o.output == "" {
		f = report.FormatTable
	}
	return report.OpenOutput(e.stdout, o.output, f, table)
}
