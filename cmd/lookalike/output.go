package main

import (
	"errors"
	"fmt"

	"github.com/lookalike/lookalike/report"
	"github.com/spf13/pflag"
)

// outFlags are the output flags every listing command has.
type outFlags struct {
	format string
	output string
	// handOn, when set (handOnFlags.register), offers the hand-on formats
	// and carries their options.
	handOn *handOnFlags
}

func (o *outFlags) register(fs *pflag.FlagSet, def string) {
	fs.Var(formatValue{o}, "format", "output `FORMAT`: table, csv, json, jsonl, list (default: table on a terminal, "+def+" otherwise)")
	fs.StringVarP(&o.output, "output", "o", "", "write results to `FILE` (atomically: it appears complete or not at all)")
}

// formatValue is --format: checked when set, from the command line or a
// config file alike; a hand-on format only where the command offers it.
type formatValue struct{ o *outFlags }

func (f formatValue) String() string {
	if f.o == nil {
		return ""
	}
	return f.o.format
}
func (f formatValue) Type() string { return "string" }
func (f formatValue) Set(s string) error {
	v, err := report.ParseFormat(s)
	if err != nil {
		return err
	}
	if !f.o.handOn.offers(v) {
		return fmt.Errorf("format %q is for scan's findings; this command writes %s", s, formatNames(f.o.handOn.offered()))
	}
	f.o.format = string(v)
	return nil
}

func (o *outFlags) open(e *env, def report.Format, table report.TableOptions) (*report.Output, error) {
	f := def
	if o.format != "" {
		f = report.Format(o.format)
	} else if e.stdoutTTY && o.output == "" {
		f = report.FormatTable
	}
	out, err := report.OpenOutputWith(e.stdout, o.output, f, o.handOn.options(table))
	if errors.Is(err, report.ErrOutputs) {
		return nil, usagef("%v", err)
	}
	return out, err
}
