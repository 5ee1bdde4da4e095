package main

import (
	"github.com/lookalike/lookalike/internal/manpage"
	"github.com/spf13/cobra"
)

func newManCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page (roff) of every command",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return manpage.Render(e.stdout, cmd.Root(), manpage.Page{Date: manDate, Version: version, ExitStatus: exitStatusHelp[len("\nEXIT STATUS\n"):]})
		},
	}
}

// manDate dates the page; docs/man/lookalike.1 is this output, kept equal
// by a test, so the date moves only when someone regenerates it.
const manDate = "2026-12-02"
