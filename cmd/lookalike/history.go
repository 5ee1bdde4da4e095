package main

import (
	"context"
	"fmt"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/report"
	"github.com/spf13/cobra"
)

type historyCmd struct {
	state string
	prune string
	out   outFlags
}

func newHistoryCmd(e *env) *cobra.Command {
	h := &historyCmd{}
	cmd := &cobra.Command{
		Use:   "history --state FILE|URL [BRAND]",
		Short: "List the runs kept in a --state file, or prune old ones",
		Args:  cobra.MaximumNArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return h.run(cmd.Context(), e, args) },
	}
	cmd.Flags().StringVar(&h.state, "state", "", "the state `FILE` (or postgres:// URL) of earlier scans")
	cmd.Flags().StringVar(&h.prune, "prune", "", "forget runs older than `D` (90d, 12w, 720h), keeping each brand's latest complete run")
	h.out.register(cmd.Flags(), "csv")
	return cmd
}

func (h *historyCmd) run(ctx context.Context, e *env, args []string) error {
	if h.prune != "" {
		return h.runPrune(ctx, e)
	}
	brand, err := brandArg(args)
	if err != nil {
		return err
	}
	db, done, err := openStateFlag(h.state)
	if err != nil {
		return err
	}
	defer done()
	runs, err := db.Runs(brand)
	if err != nil {
		return err
	}
	sk, err := h.out.open(e, report.FormatCSV, report.TableOptions{Columns: report.RunColumns})
	if err != nil {
		return err
	}
	return sk.WriteAll(report.Records(runs, report.RunRecord))
}

func (h *historyCmd) runPrune(ctx context.Context, e *env) error {
	keep, err := history.ParseRetention(h.prune)
	if err != nil {
		return usagef("%v", err)
	}
	if h.state == "" {
		return usagef("--prune needs --state FILE|URL")
	}
	db, done, err := openState(ctx, h.state, noShard, "")
	if err != nil {
		return err
	}
	defer done()
	st, err := db.Prune(keep)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "lookalike: pruned %d run(s) and %d state(s) older than %s from %s\n", st.Runs, st.States, h.prune, history.Redact(h.state))
	return nil
}
