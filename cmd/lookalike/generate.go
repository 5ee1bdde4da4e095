package main

import (
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/spf13/cobra"
)

type generateCmd struct {
	gen      genFlags
	out      outFlags
	estimate bool
}

func newGenerateCmd(e *env) *cobra.Command {
	g := &generateCmd{}
	cmd := &cobra.Command{
		Use:   "generate BRAND...",
		Short: "List the lookalike candidates of brands (no network)",
		RunE:  func(cmd *cobra.Command, args []string) error { return g.run(cmd, e, args) },
	}
	g.gen.register(cmd.Flags())
	g.out.register(cmd.Flags(), "list")
	cmd.Flags().BoolVar(&g.estimate, "estimate", false, "print how many names each brand makes, not the names")
	return cmd
}

func (g *generateCmd) run(cmd *cobra.Command, e *env, args []string) error {
	opt, err := g.gen.options()
	if err != nil {
		return err
	}
	gen, err := permute.New(opt)
	if err != nil {
		return err
	}
	brands, lineErrs, err := brandList(e, args, g.gen.brandsFile)
	if err != nil {
		return err
	}
	if len(brands) == 0 && lineErrs == nil {
		return usagef("no brand given: name one or more domains (lookalike generate example.com) or use --brands FILE")
	}
	for _, b := range brands {
		for _, w := range gen.Warnings(b) {
			fmt.Fprintln(e.stderr, "lookalike: warning:", w)
		}
	}
	ctx := cmd.Context()
	if g.estimate {
		total := 0
		for _, b := range brands {
			n, err := gen.Count(b)
			if err != nil {
				return err
			}
			total += n
			fmt.Fprintf(e.stdout, "%s\t%d\n", b.Domain, n)
		}
		if len(brands) > 1 {
			fmt.Fprintf(e.stdout, "total\t%d\n", total)
		}
		return lineErrors(lineErrs)
	}
	// Every brand's generator before the first line: a brand that cannot
	// be generated fails the run with nothing written.
	seqs := make([]iter.Seq[permute.Candidate], len(brands))
	for i, b := range brands {
		if seqs[i], err = gen.Generate(b); err != nil {
			return err
		}
	}
	s, err := g.out.open(e, report.FormatList, report.TableOptions{Columns: []string{"domain", "unicode", "fuzzers", "brand"}})
	if err != nil {
		return err
	}
	interrupted := false
	err = s.WriteAll(func(yield func(report.Record) bool) {
		for _, seq := range seqs {
			for c := range seq {
				if interrupted = ctx.Err() != nil; interrupted || !yield(report.CandidateFields(c)) {
					return
				}
			}
		}
	})
	switch {
	case isBrokenPipe(err):
		return nil // the reader (head) has what it wanted
	case err != nil:
		return err
	case interrupted:
		return errInterrupted
	}
	return lineErrors(lineErrs)
}

func isBrokenPipe(err error) bool {
	return err != nil && (errors.Is(err, errBrokenPipe) || strings.Contains(err.Error(), "broken pipe"))
}
