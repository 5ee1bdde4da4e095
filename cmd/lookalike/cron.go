package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/lookalike/lookalike/config"
	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/notify"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// exitLocked: another run holds the state's lock. Not 1, so that a cron
// wrapper can tell "skipped, the last run is still going" from a failure.
const exitLocked = 4

// stateDefault stands for "--state given without a value": the default path.
const stateDefault = "\x00default"

// cronFlags are what an unattended run needs beyond a scan.
type cronFlags struct {
	config      string
	state       string
	changesOnly bool
	webhook     string
	emailTo     []string

	cfg *config.Config
}

func (c *cronFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "read flags from a YAML `FILE` (every flag can live there; the command line wins)")
	fs.StringVar(&c.state, "state", "", "keep every run in the SQLite `FILE` and report what changed since the last one (--state alone: ~/.local/share/lookalike/state.db)")
	fs.BoolVar(&c.changesOnly, "changes-only", false, "with --state, print only what changed since the last complete run")
	fs.StringVar(&c.webhook, "notify-webhook", "", "POST the changes as JSON to `URL` (Slack and Teams show its text field), only when there are some")
	fs.StringSliceVar(&c.emailTo, "notify-email", nil, "mail the changes to `ADDRESS`es through the SMTP server of --config's notify.email")
}

// applyConfig loads --config and sets every flag the command line left alone.
func (c *cronFlags) applyConfig(cmd *cobra.Command) error {
	if c.config == "" {
		return nil
	}
	cfg, err := config.Load(c.config, cmd.Flags())
	if err != nil {
		return usagef("--config: %v", err)
	}
	if err := cfg.Apply(cmd.Flags()); err != nil {
		return usagef("--config: %v", err)
	}
	c.cfg = cfg
	return nil
}

// statePath resolves --state; "" means no history.
func (c *cronFlags) statePath() (string, error) {
	if c.state != stateDefault {
		return c.state, nil
	}
	p, err := history.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("--state: no default path: %w (give one: --state FILE)", err)
	}
	return p, nil
}

// fixStateArg lets "--state" stand without a value at the end of the line or
// before another flag, as the issue's "--state absent means no history; given
// without a value, the default path" asks; pflag alone would take the next
// word as the value or refuse.
func fixStateArg(args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if a == "--state" && (i+1 == len(args) || strings.HasPrefix(args[i+1], "-")) {
			out = append(out, "--state="+stateDefault)
			continue
		}
		out = append(out, a)
	}
	return out
}

// openState locks and opens the store. unlock must be called when done.
func openState(path string) (*history.DB, func(), error) {
	unlock, err := history.Lock(path)
	if err != nil {
		if errors.Is(err, history.ErrLocked) {
			return nil, nil, lockedError{err}
		}
		return nil, nil, err
	}
	db, err := history.Open(path)
	if err != nil {
		unlock()
		return nil, nil, fmt.Errorf("--state %s: %w", path, err)
	}
	return db, func() { db.Close(); unlock() }, nil
}

type lockedError struct{ err error }

func (l lockedError) Error() string {
	return l.err.Error() + "; another lookalike run is using this state, so this one stops (exit status 4)"
}
func (l lockedError) Unwrap() error { return l.err }

// changeRecord is one change as written; documented in the README.
func changeRecord(c history.Change) report.Record {
	return report.Record{
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

// writeChangesTable is the "what changed" section a terminal (and a cron
// mail) opens with.
func writeChangesTable(w io.Writer, changes []history.Change, baselines []string) error {
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
			what := c.Field + ": " + orDash(c.Before) + " → " + orDash(c.After)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", c.Kind, report.Clean(c.Domain), report.Clean(what), c.Verdict, c.Risk, mail)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

func orDash(l []string) string {
	if len(l) == 0 {
		return "-"
	}
	return strings.Join(l, " ")
}

// notifyChanges sends the changes where the flags say; every failure is
// reported, and the caller turns it into exit status 1 after saving.
func (c *cronFlags) notifyChanges(ctx context.Context, e *env, changes []history.Change) error {
	if len(changes) == 0 || (c.webhook == "" && len(c.emailTo) == 0) {
		return nil
	}
	msg := notify.NewMessage(changes)
	var errs []error
	if c.webhook != "" {
		if err := notify.Webhook(ctx, c.webhook, msg); err != nil {
			errs = append(errs, fmt.Errorf("webhook: %w", err))
		}
	}
	if len(c.emailTo) > 0 {
		smtp, err := c.smtp()
		if err == nil {
			err = notify.Email(ctx, smtp, msg)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("e-mail: %w", err))
		}
	}
	for _, err := range errs {
		fmt.Fprintln(e.stderr, "lookalike: notification failed:", err)
	}
	return errors.Join(errs...)
}

func (c *cronFlags) smtp() (notify.SMTP, error) {
	if c.cfg == nil || c.cfg.Notify.Email == nil || c.cfg.Notify.Email.SMTP == "" {
		return notify.SMTP{}, errors.New("--notify-email needs an SMTP server: set notify.email.smtp and from in --config")
	}
	em := c.cfg.Notify.Email
	pw, err := em.Password()
	if err != nil {
		return notify.SMTP{}, err
	}
	return notify.SMTP{Addr: em.SMTP, From: em.From, To: c.emailTo, Username: em.Username, Password: pw}, nil
}

// history and diff commands.

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
			sk, err := h.out.open(e, report.FormatCSV, report.TableOptions{Columns: []string{"run", "started", "finished", "complete", "brands", "names", "registered", "unregistered", "unknown"}})
			if err != nil {
				return err
			}
			var werr error
			for _, r := range runs {
				if werr = sk.w.Write(runRecord(r)); werr != nil {
					break
				}
			}
			if err := sk.close(werr == nil); werr == nil {
				werr = err
			}
			return werr
		},
	}
	cmd.Flags().StringVar(&h.state, "state", "", "the state `FILE` of earlier scans")
	h.out.register(cmd.Flags(), "csv")
	return cmd
}

func runRecord(r history.RunInfo) report.Record {
	finished := ""
	if !r.Finished.IsZero() {
		finished = r.Finished.UTC().Format("2006-01-02T15:04:05Z")
	}
	return report.Record{
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
		Long: `Diff lists what changed for each brand between the latest complete run (or --run)
and the complete run before it (or the run --since names: a run number, a date
such as 2026-11-01, or an RFC 3339 time): newly-registered, gained-mx,
records-changed, now-parked, verdict-changed, dropped. An unknown result is
never a change: a name keeps its last known state.`,
		Example: `  lookalike diff --state state.db
  lookalike diff --state state.db airfrance.fr --since 2026-11-01 --format jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error { return d.exec(e, args) },
	}
	cmd.Flags().StringVar(&d.state, "state", "", "the state `FILE` of earlier scans")
	cmd.Flags().StringVar(&d.since, "since", "", "compare with this `RUN` number or DATE instead of the previous complete run")
	cmd.Flags().Int64Var(&d.run, "run", 0, "compare this run number instead of the latest complete one")
	d.out.register(cmd.Flags(), "csv")
	return cmd
}

func (d *diffCmd) exec(e *env, args []string) error {
	db, done, err := openStateFlag(d.state)
	if err != nil {
		return err
	}
	defer done()
	brands := args
	if len(brands) == 0 {
		runs, err := db.Runs("")
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, r := range runs {
			for _, b := range r.Brands {
				if !seen[b] {
					seen[b] = true
					brands = append(brands, b)
				}
			}
		}
		slices.Sort(brands)
	}
	var changes []history.Change
	var baselines []string
	for _, arg := range brands {
		b, err := brandArg([]string{arg})
		if err != nil {
			return err
		}
		var since history.RunID
		if d.since != "" {
			runs, err := db.Runs(b)
			if err != nil {
				return err
			}
			if since, err = history.ParseSince(runs, d.since, nil); err != nil {
				return usagef("--since: %v", err)
			}
		}
		cs, err := db.Changes(b, history.RunID(d.run), since)
		switch {
		case errors.Is(err, history.ErrNoBaseline):
			baselines = append(baselines, b)
		case errors.Is(err, history.ErrNoRun):
			return usagef("%s: no complete run of this brand in %s", b, d.state)
		case err != nil:
			return err
		}
		changes = append(changes, cs...)
	}
	history.SortChanges(changes)
	return writeChanges(e, &d.out, changes, baselines)
}

func writeChanges(e *env, out *outFlags, changes []history.Change, baselines []string) error {
	sk, err := out.open(e, report.FormatCSV, report.TableOptions{})
	if err != nil {
		return err
	}
	var werr error
	if sk.format == report.FormatTable {
		werr = writeChangesTable(sk.raw, changes, baselines)
	} else {
		for _, c := range changes {
			if werr = sk.w.Write(changeRecord(c)); werr != nil {
				break
			}
		}
	}
	if err := sk.close(werr == nil); werr == nil {
		werr = err
	}
	return werr
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

func openStateFlag(state string) (*history.DB, func(), error) {
	if state == "" {
		return nil, nil, usagef("--state FILE is required")
	}
	if state == stateDefault {
		p, err := history.DefaultPath()
		if err != nil {
			return nil, nil, err
		}
		state = p
	}
	if !fileExists(state) {
		return nil, nil, usagef("--state %s: no such file (a scan with --state creates it)", state)
	}
	db, err := history.Open(state)
	if err != nil {
		return nil, nil, fmt.Errorf("--state %s: %w", state, err)
	}
	return db, func() { db.Close() }, nil
}
