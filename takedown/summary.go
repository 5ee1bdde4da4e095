package takedown

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/lookalike/lookalike/report"
)

// WriteSummary prints one line per message written, and a line for a
// domain that got none: what an analyst reads after Prepare.
func WriteSummary(w io.Writer, s *Summary) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tROLE\tTO\tFILE")
	for _, r := range s.Requests {
		if len(r.Messages) == 0 {
			fmt.Fprintf(tw, "%s\t-\t-\t(no abuse contact found: see %s)\n", report.Clean(r.Domain), SummaryFile)
		}
		for _, m := range r.Messages {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", report.Clean(r.Domain), m.Role, report.Clean(m.To), report.Clean(m.File))
		}
	}
	return tw.Flush()
}
