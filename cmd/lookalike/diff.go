package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/spf13/cobra"
)

type diffCmd struct {
	state string
	since string
	run   int64
	out   outFlags
}

func newDiffCmd(e *env) *cobra.Command {
	d := &diffCmd{}
	cmd := &cobra.Command{
		Use:   "diff --state FILE [BRAND...] [--since RUN|DATE]",
		Short: "Print what changed between two runs kept in a --state file",
		RunE:  func(cmd *cobra.Command, args []string) error { return d.exec(e, args) },
	}
	cmd.Flags().StringVar(&d.state, "state", "", "the state `FILE` of earlier scans")
	cmd.Flags().StringVar(&d.since, "since", "", "compare with this `RUN` number or DATE instead of the previous complete run")
	cmd.Flags().Int64Var(&d.run, "run", 0, "compare this run number instead of the latest complete one")
	d.out.register(cmd.Flags(), "csv")
	new(handOnFlags).registerHTML(cmd.Flags(), &d.out)
	return cmd
}

func (d *diffCmd) exec(e *env, args []string) error {
	db, done, err := openStateFlag(d.state)
	if err != nil {
		return err
	}
	defer done()
	var brands []string
	for _, arg := range args {
		b, err := brandArg([]string{arg})
		if err != nil {
			return err
		}
		brands = append(brands, b)
	}
	if len(brands) == 0 {
		if brands, err = history.Brands(db); err != nil {
			return err
		}
	}
	changes, baselines, err := history.Diff(db, brands, history.RunID(d.run), d.since)
	switch {
	case errors.Is(err, history.ErrSince):
		return usagef("--since: %v", errors.Unwrap(err))
	case errors.Is(err, history.ErrNoRun):
		return usagef("%v (in %s)", err, d.state)
	case err != nil:
		return err
	}
	// The html page's history is the changes, with the chart of the
	// brands' complete runs up to now.
	h := d.out.handOn
	h.stamp(time.Now())
	h.html.History = &report.HTMLHistory{}
	if err := h.html.History.Fill(changes, db, brands); err != nil {
		fmt.Fprintln(e.stderr, "lookalike: warning:", err)
	}
	return writeChanges(e, &d.out, changes, baselines)
}

func writeChanges(e *env, out *outFlags, changes []history.Change, baselines []string) error {
	sk, err := out.open(e, report.FormatCSV, report.TableOptions{})
	if err != nil {
		return err
	}
	switch sk.Format {
	case report.FormatTable:
		werr := report.WriteChangesTable(sk.Raw, changes, baselines)
		if err := sk.Close(werr == nil); werr == nil {
			werr = err
		}
		return werr
	case report.FormatHTML:
		changes = nil // the changes are the page's history (diffCmd.exec)
	}
	return sk.WriteAll(report.Records(changes, report.ChangeRecord))
}

// brandArg is the optional BRAND of history and diff, as its registrable
// domain ("" when none is given).
func brandArg(args []string) (string, error) {
	if len(args) == 0 {
		return "", nil
	}
	b, err := permute.ParseBrand(args[0])
	if err != nil {
		return "", err
	}
	return b.Domain, nil
}

// openStateFlag opens, read-only, the --state of history, diff and
// takedown: it must exist (or $LOOKALIKE_STATE name one).
func openStateFlag(state string) (*history.DB, func(), error) {
	state, err := statePathOf(state)
	switch {
	case err != nil:
		return nil, nil, err
	case state == "":
		return nil, nil, usagef("--state FILE is required")
	}
	db, err := history.OpenExisting(context.Background(), state)
	if err != nil {
		return nil, nil, err
	}
	return db, func() { db.Close() }, nil
}
