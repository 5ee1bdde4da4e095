package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/lookalike/lookalike/config"
	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/notify"
	"github.com/lookalike/lookalike/shard"
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
	shard       string
	shards      int
	runName     string

	cfg *config.Config
}

func (c *cronFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "read flags from a YAML `FILE` (every flag can live there; the command line wins)")
	fs.StringVar(&c.state, "state", "", "keep every run in the SQLite `FILE` or a postgres:// URL ($LOOKALIKE_STATE) and report what changed since the last one (--state alone: ~/.local/share/lookalike/state.db)")
	fs.StringVar(&c.shard, "shard", "", "scan shard `I/N` of the names (a stable hash of the registrable domain); the shards of one --run share --state")
	fs.IntVar(&c.shards, "shards", 0, "in a Kubernetes Indexed Job: scan shard $JOB_COMPLETION_INDEX of `N`")
	fs.StringVar(&c.runName, "run", "", "the `NAME` of the night the shards share (default: the date and the brand set)")
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
func (c *cronFlags) statePath() (string, error) { return statePathOf(c.state) }

// statePathOf is the store a --state value names: "" is $LOOKALIKE_STATE
// (and "" when unset: no history), stateDefault the default path.
func statePathOf(state string) (string, error) {
	switch state {
	case "":
		return os.Getenv("LOOKALIKE_STATE"), nil
	case stateDefault:
		p, err := history.DefaultPath()
		if err != nil {
			return "", fmt.Errorf("--state: no default path: %w (give one: --state FILE)", err)
		}
		return p, nil
	}
	return state, nil
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

// shardSpec reads --shard or --shards; the zero Spec is an unsharded run.
func (c *cronFlags) shardSpec() (shard.Spec, error) {
	sp, err := shard.Select(c.shard, c.shards, os.Getenv)
	if err != nil {
		return sp, usagef("%v", err)
	}
	return sp, nil
}

// openState opens the store (a file or a postgres:// URL) and takes the lock
// of this run's shard (the whole run when unsharded). done must be called
// when the run is over.
func openState(ctx context.Context, state string, sp shard.Spec, runName string) (*history.DB, func(), error) {
	return history.OpenLocked(ctx, state, runName, sp.Index, sp.Count)
}

// notifyChanges sends the changes where the flags say; every failure is
// reported, and the caller turns it into exit status 1 after saving.
func (c *cronFlags) notifyChanges(ctx context.Context, e *env, changes []history.Change) error {
	t := notify.Targets{Webhook: c.webhook}
	var errs []error
	if len(c.emailTo) > 0 {
		if smtp, err := c.cfg.SMTP("--notify-email"); err != nil {
			errs = append(errs, fmt.Errorf("e-mail: %w", err))
		} else {
			smtp.To = c.emailTo
			t.Email = &smtp
		}
	}
	errs = append(errs, notify.Send(ctx, t, changes))
	err := errors.Join(errs...)
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(e.stderr, "lookalike: notification failed:", line)
		}
	}
	return err
}
