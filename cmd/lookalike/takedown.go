package main

import (
	"errors"
	"fmt"
	"net/mail"
	"os"
	"time"

	"github.com/lookalike/lookalike/config"
	"github.com/lookalike/lookalike/notify"
	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/takedown"
	"github.com/spf13/cobra"
)

type takedownCmd struct {
	out         string
	state       string
	findings    string
	from        string
	org         string
	send        bool
	config      string
	rdapFlags   rdapFlags
	ipBootstrap []string
}

func newTakedownCmd(e *env) *cobra.Command {
	t := &takedownCmd{}
	cmd := &cobra.Command{
		Use:   "takedown DOMAIN... --out DIR",
		Short: "Write takedown requests to the registrar's and the hosting network's abuse desks",
		RunE:  func(cmd *cobra.Command, args []string) error { return t.run(cmd, e, args) },
	}
	fs := cmd.Flags()
	fs.StringVar(&t.out, "out", "", "write the .eml files and takedown.json into `DIR` (created if missing)")
	fs.StringVar(&t.state, "state", "", "take the evidence from the scan history in `FILE` (its latest observation of each name)")
	fs.StringVar(&t.findings, "findings", "", "take the evidence from a scan's JSONL `FILE` (scan --format jsonl), web evidence and screenshot included")
	fs.StringVar(&t.from, "from", "", "the reporter's `ADDRESS`, the messages' From: (default: --config's notify.email.from)")
	fs.StringVar(&t.org, "org", "", "the organisation `NAME` the requests speak for (default: --config's org)")
	fs.BoolVar(&t.send, "send", false, "mail each message as written through --config's notify.email SMTP server")
	fs.StringVar(&t.config, "config", "", "a scan's YAML `FILE`: its state, org, rdap_bootstrap and notify.email are used")
	t.rdapFlags.register(fs)
	fs.StringSliceVar(&t.ipBootstrap, "rdap-ip-bootstrap", nil, "IANA RDAP bootstrap `FILE`s for addresses (ipv4.json,ipv6.json) instead of the embedded ones")
	return cmd
}

func (t *takedownCmd) run(cmd *cobra.Command, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("takedown needs one or more domains: lookalike takedown acmebank-login.com --out DIR")
	}
	cfg, err := t.applyConfig(cmd, e)
	if err != nil {
		return err
	}
	if t.out == "" {
		return usagef("takedown needs --out DIR: the directory the messages are written to")
	}
	if t.from == "" {
		return usagef("takedown needs --from ADDRESS (or notify.email.from in --config): the address the abuse desks answer to")
	}
	if _, err := mail.ParseAddress(t.from); err != nil {
		return usagef("--from %q: %v; give an address such as security@brand.example", t.from, err)
	}
	var smtp notify.SMTP
	if t.send {
		if smtp, err = cfg.SMTP("--send"); err != nil {
			return usagef("%v", err)
		}
		smtp.To = nil
		if smtp.From == "" {
			smtp.From = t.from
		}
	}
	evs, err := t.evidence(e, args)
	if err != nil {
		return err
	}
	client, ipb, err := t.rdap()
	if err != nil {
		return err
	}
	sum, err := takedown.Prepare(cmd.Context(), takedown.Options{
		RDAP: client, IPBootstrap: ipb, From: t.from, Organisation: t.org, OutDir: t.out, Now: time.Now(),
	}, evs)
	if err != nil {
		return err
	}
	if err := takedown.WriteSummary(e.stdout, sum); err != nil {
		return err
	}
	for _, r := range sum.Requests {
		for _, p := range r.Problems {
			fmt.Fprintf(e.stderr, "lookalike: %s: %s\n", r.Domain, report.Clean(p))
		}
	}
	if !t.send {
		fmt.Fprintf(e.stderr, "lookalike: nothing sent; the messages are in %s (add --send to mail them)\n", t.out)
		return nil
	}
	sent, err := takedown.Send(cmd.Context(), smtp, t.out, sum)
	for _, s := range sent {
		if s.Err != "" {
			fmt.Fprintf(e.stderr, "lookalike: not sent: %s to %s: %s\n", s.File, s.To, report.Clean(s.Err))
		} else {
			fmt.Fprintf(e.stderr, "lookalike: sent %s to %s\n", s.File, s.To)
		}
	}
	return err
}

// applyConfig reads --config as scan reads it (a nightly job's file loads
// whole) and takes from it the keys takedown shares with scan.
func (t *takedownCmd) applyConfig(cmd *cobra.Command, e *env) (*config.Config, error) {
	if t.config == "" {
		return nil, nil
	}
	cfg, err := config.Load(t.config, newScanCmd(e).Flags())
	if err != nil {
		return nil, usagef("--config: %v", err)
	}
	if err := cfg.Apply(cmd.Flags()); err != nil {
		return nil, usagef("--config: %v", err)
	}
	if t.from == "" && cfg.Notify.Email != nil {
		t.from = cfg.Notify.Email.From
	}
	return cfg, nil
}

func (t *takedownCmd) rdap() (*rdap.Client, *rdap.IPBootstrap, error) {
	client, err := t.rdapFlags.client()
	if err != nil {
		return nil, nil, err
	}
	ipb, err := rdap.LoadIPBootstrapFiles(t.ipBootstrap)
	if err != nil {
		return nil, nil, usagef("--rdap-ip-bootstrap %v", err)
	}
	return client, ipb, nil
}

// evidence is what is known of each domain: with --state, the latest
// observation and the first sighting; with --findings, the scan's record.
func (t *takedownCmd) evidence(e *env, args []string) ([]takedown.Evidence, error) {
	var src takedown.Sources
	if t.state != "" {
		db, closeDB, err := openStateFlag(t.state)
		if err != nil {
			return nil, err
		}
		defer closeDB()
		src.State = db
	}
	if t.findings != "" {
		f, err := os.Open(t.findings)
		if err != nil {
			return nil, usagef("--findings %s: %v", t.findings, err)
		}
		src.Findings, err = report.ReadJSONL(f, t.findings)
		f.Close()
		if errors.Is(err, report.ErrBadRecord) {
			return nil, usagef("--findings %v", err)
		}
		if err != nil {
			return nil, fmt.Errorf("--findings %w", err)
		}
		if src.Findings == nil {
			src.Findings = map[string]report.Record{}
		}
	}
	evs, unknown, err := takedown.Gather(args, src)
	if errors.Is(err, takedown.ErrOwned) || errors.Is(err, takedown.ErrNotDomain) {
		return nil, usagef("%v", err)
	}
	for _, d := range unknown {
		fmt.Fprintf(e.stderr, "lookalike: warning: %s is in neither --state nor --findings; the request carries its RDAP data alone\n", d)
	}
	return evs, err
}
