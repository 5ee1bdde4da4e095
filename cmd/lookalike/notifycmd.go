package main

import (
	"context"
	"fmt"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/shard"
	"github.com/spf13/cobra"
)

// noShard is an unsharded run: the lock of the whole state.
var noShard shard.Spec

func newNotifyCmd(e *env) *cobra.Command {
	c := &cronFlags{}
	cmd := &cobra.Command{
		Use:   "notify --state FILE|URL [--notify-webhook URL] [--notify-email ADDR --config FILE]",
		Short: "Deliver the notifications a failed webhook or mail server left in the state",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := c.applyConfig(cmd); err != nil {
				return err
			}
			return c.deliverPending(cmd.Context(), e)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&c.config, "config", "", "read the notification targets from a YAML `FILE` (notify.webhook, notify.email)")
	fs.StringVar(&c.state, "state", "", "the state `FILE` (or postgres:// URL) that keeps the notifications")
	fs.StringVar(&c.webhook, "notify-webhook", "", "POST the changes as JSON to `URL`")
	fs.StringSliceVar(&c.emailTo, "notify-email", nil, "mail the changes to `ADDRESS`es through the SMTP server of --config's notify.email")
	return cmd
}

func (c *cronFlags) deliverPending(ctx context.Context, e *env) error {
	state, err := c.statePath()
	if err != nil {
		return err
	}
	if state == "" {
		return usagef("--state FILE|URL is required")
	}
	if c.webhook == "" && len(c.emailTo) == 0 {
		return usagef("nowhere to deliver: give --notify-webhook URL or --notify-email ADDRESS (with --config for the SMTP server)")
	}
	db, done, err := openState(ctx, state, noShard, "")
	if err != nil {
		return err
	}
	defer done()
	n, err := history.DeliverPending(db, func(p history.Notification) error { return c.notifyChanges(ctx, e, p.Changes) })
	fmt.Fprintf(e.stderr, "lookalike: delivered %d notification(s) from %s\n", n, history.Redact(state))
	if err != nil {
		return fmt.Errorf("a notification is still owed: %w", err)
	}
	return nil
}
