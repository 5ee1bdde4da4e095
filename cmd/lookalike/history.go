package main

import (
	"github.com/lookalike/lookalike/report"
	"github.com/spf13/cobra"
)

type historyCmd struct {
	state string
	out   outFlags
}

func newHistoryCmd(e *env) *cobra.Command {
	h := &historyCmd{}
	cmd := &cobra.Command{
		Use:   "history --state FILE [BRAND]",
		Short: "List the runs kept in a --state file",
		Example: `  lookalike history --state /var/lib/lookalike/state.db
  lookalike history --state state.db airfrance.fr --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			var werr error
			for _, r := range runs {
				if werr = sk.W.Write(report.RunRecord(r)); werr != nil {
					break
				}
			}
			if err := sk.Close(werr == nil); werr == nil {
				werr = err
			}
			return werr
		},
	}
	cmd.Flags().StringVar(&h.state, "state", "", "the state `FILE` of earlier scans")
	h.out.register(cmd.Flags(), "csv")
	return cmd
}
