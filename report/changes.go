package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/lookalike/lookalike/history"
)

// ChangeRecord is one change as written; the fields are documented in the
// README.
func ChangeRecord(c history.Change) Record {
	return Record{
		{Key: "brand", Value: c.Brand},
		{Key: "domain", Value: c.Domain},
		{Key: "unicode", Value: c.Unicode},
		{Key: "kind", Value: string(c.Kind)},
		{Key: "field", Value: c.Field},
		{Key: "before", Value: c.Before},
		{Key: "after", Value: c.After},
		{Key: "verdict", Value: c.Verdict},
		{Key: "risk", Value: c.Risk},
		{Key: "mail", Value: c.Mail},
		{Key: "ns", Value: c.NS},
		{Key: "mx", Value: c.MX},
		{Key: "run", Value: int(c.Run)},
		{Key: "before_run", Value: int(c.BeforeRun)},
	}
}

// RunColumns are the columns of a table of runs.
var RunColumns = []string{"run", "started", "finished", "complete", "brands", "names", "registered", "unregistered", "unknown"}

// RunRecord is one run of the history as written.
func RunRecord(r history.RunInfo) Record {
	finished := ""
	if !r.Finished.IsZero() {
		finished = r.Finished.UTC().Format("2006-01-02T15:04:05Z")
	}
	return Record{
		{Key: "run", Value: int(r.ID)},
		{Key: "started", Value: r.Started.UTC().Format("2006-01-02T15:04:05Z")},
		{Key: "finished", Value: finished},
		{Key: "complete", Value: r.Complete},
		{Key: "brands", Value: r.Brands},
		{Key: "names", Value: r.Counts.Names},
		{Key: "registered", Value: r.Counts.Registered},
		{Key: "unregistered", Value: r.Counts.Unregistered},
		{Key: "unknown", Value: r.Counts.Unknown},
	}
}

// WriteChangesTable is the "what changed" section a terminal (and a cron
// mail) opens with.
func WriteChangesTable(w io.Writer, changes []history.Change, baselines []string) error {
	fmt.Fprintf(w, "Changes since the last complete run: %d\n", len(changes))
	for _, b := range baselines {
		fmt.Fprintf(w, "  %s: first complete run, baseline recorded\n", b)
	}
	if len(changes) > 0 {
		tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tDOMAIN\tCHANGE\tVERDICT\tRISK\tMAIL")
		for _, c := range changes {
			mail := "no"
			if c.Mail {
				mail = "yes"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", c.Kind, Clean(c.Domain), Clean(ChangeText(c)), c.Verdict, c.Risk, mail)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// ChangeText says what changed in one line: "mx: - → mail.example.net".
func ChangeText(c history.Change) string {
	return c.Field + ": " + orDash(c.Before) + " → " + orDash(c.After)
}

func orDash(l []string) string {
	if len(l) == 0 {
		return "-"
	}
	return strings.Join(l, " ")
}
