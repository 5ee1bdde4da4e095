package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/internal/lines"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/scan"
	"github.com/spf13/cobra"
)

type scanCmd struct {
	gen        genFlags
	out        outFlags
	res        resolverFlags
	status     string
	candidates string
	noProgress bool

	portfolio    string
	ownerNS      []string
	ownerMX      []string
	top          int
	budget       int
	registrarCSV string
	explain      bool
	rdap         bool
	rdapFlags    rdapFlags
	rdapMinRisk  int
	web          webFlags

	cron cronFlags

	brandErrs *scan.LineErrors
}

func newScanCmd(e *env) *cobra.Command {
	s := &scanCmd{}
	cmd := &cobra.Command{
		Use:   "scan BRAND...",
		Short: "Generate the candidates of brands and resolve them: registered, unregistered, unknown",
		RunE:  func(cmd *cobra.Command, args []string) error { return s.run(cmd, e, args) },
	}
	fs := cmd.Flags()
	s.gen.register(fs)
	s.out.register(fs, "csv")
	new(handOnFlags).register(fs, &s.out)
	s.res.register(fs)
	s.cron.register(fs)
	s.web.register(fs)
	fs.StringVar(&s.status, "status", "", "only print these statuses: comma-separated registered,unregistered,unknown")
	fs.StringVar(&s.candidates, "candidates", "", "scan the names in `FILE` (one a line) instead of generating")
	s.registerJudge(fs, "judged owned, and defended if they lapse", "")
	fs.Var(flagval.Int(&s.budget, scan.DefaultBudget, 0, math.MaxInt), "budget", "offer only the `N` likeliest registrable domains of each brand for registration (table and --registrar-csv; 0: every defend name, held in memory)")
	fs.StringVar(&s.registrarCSV, "registrar-csv", "", "write the defend names, riskiest first, to `FILE` for a bulk registration (domain,unicode,tld,risk,reason,brand)")
	fs.BoolVar(&s.rdap, "rdap", false, "ask the TLD's RDAP server about registered third-party names and defend candidates (slow: polite to each server)")
	s.rdapFlags.register(fs)
	fs.Var(flagval.Int(&s.rdapMinRisk, 70, 0, 100), "rdap-min-risk", "with --rdap, ask about defend candidates of at least this risk (registered third-party and parked names always)")
	return cmd
}

func parseStatusFilter(s string) (map[resolve.Status]bool, error) {
	m, err := resolve.ParseStatuses(lines.Split(s))
	if err != nil {
		return nil, usagef("--status: %v", err)
	}
	return m, nil
}

// options fills the engine's options from the flags; done releases what it
// opened (the candidate file, the state and its lock).
func (s *scanCmd) options(cmd *cobra.Command, e *env, args []string) (o scan.Options, done func(), err error) {
	done = func() {}
	if err := s.cron.applyConfig(cmd); err != nil {
		return o, done, err
	}
	if cfg := s.cron.cfg; cfg != nil && len(args) == 0 && s.gen.brandsFile == "" && s.candidates == "" {
		args = cfg.Brands
	}
	if err = s.engineOptions(e, &o); err != nil {
		return o, done, err
	}
	if o.RDAP, err = s.rdapClient(); err != nil {
		return o, done, err
	}
	statePath, err := s.statePath()
	if err != nil {
		return o, done, err
	}
	var closers []func()
	done = func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if err := s.inputOptions(e, args, &o, &closers); err != nil {
		return o, done, err
	}
	if statePath != "" && len(o.Brands) == 0 {
		return o, done, usagef("--state with --candidates needs the brand to file the names under: lookalike scan BRAND --candidates FILE --state FILE")
	}
	// The lock comes before any query: an overlapping cron run stops at once.
	closeDB, err := s.attachState(cmd, e, &o, statePath)
	if err != nil {
		return o, done, err
	}
	closers = append(closers, closeDB)
	o.Warn = func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) }
	o.LineError = func(err error) { fmt.Fprintln(e.stderr, "lookalike:", err) }
	return o, done, nil
}

// engineOptions fills what every run of the engine takes from the flags:
// the resolver, the judgement and the web stage.
func (s *scanCmd) engineOptions(e *env, o *scan.Options) error {
	var err error
	if o.Resolve, err = s.res.options(e); err != nil {
		return err
	}
	if err := s.judgeOptions(o); err != nil {
		return err
	}
	o.Web, err = s.web.options()
	return err
}

// statePath is --state (or $LOOKALIKE_STATE), checked against
// --changes-only.
func (s *scanCmd) statePath() (string, error) {
	statePath, err := s.cron.statePath()
	if err != nil {
		return "", err
	}
	if s.cron.changesOnly && statePath == "" {
		return "", usagef("--changes-only needs --state FILE: changes are measured against the last run kept there")
	}
	return statePath, nil
}

// attachState sets the shard and, with a state, opens and locks it and
// wires the notifications; done releases it.
func (s *scanCmd) attachState(cmd *cobra.Command, e *env, o *scan.Options, statePath string) (done func(), err error) {
	if o.Shard, err = s.cron.shardSpec(); err != nil {
		return func() {}, err
	}
	o.RunName = s.cron.runName
	if statePath == "" {
		return func() {}, nil
	}
	db, closeDB, err := openState(cmd.Context(), statePath, o.Shard, o.SharedRunName())
	if err != nil {
		return func() {}, err
	}
	o.Store, o.Command = db, strings.Join(os.Args[1:], " ")
	o.Notify = func(ctx context.Context, changes []history.Change) error {
		return s.cron.notifyChanges(ctx, e, changes)
	}
	return closeDB, nil
}

// inputOptions fills what the scan reads: a candidate list or the brands
// and their generator.
func (s *scanCmd) inputOptions(e *env, args []string, o *scan.Options, closers *[]func()) error {
	var err error
	if s.candidates != "" {
		if len(args) > 1 {
			return usagef("--candidates takes at most one brand (to credit the names to), got %d", len(args))
		}
		if o.Brands, _, err = brandList(e, args, ""); err != nil {
			return err
		}
		r, closeIn, err := openInput(e, s.candidates, "--candidates")
		if err != nil {
			return err
		}
		*closers = append(*closers, closeIn)
		o.Candidates, o.CandidatesName = r, s.candidates
	} else {
		opt, err := s.gen.options()
		if err != nil {
			return err
		}
		if o.Generator, err = permute.New(opt); err != nil {
			return err
		}
		if o.Brands, s.brandErrs, err = brandList(e, args, s.gen.brandsFile); err != nil {
			return err
		}
		if len(o.Brands) == 0 && s.brandErrs == nil {
			return usagef("no brand given: name one or more domains (lookalike scan example.com) or use --brands FILE")
		}
	}
	return nil
}

func (s *scanCmd) run(cmd *cobra.Command, e *env, args []string) error {
	o, done, err := s.options(cmd, e, args)
	defer done()
	if err != nil {
		return err
	}
	filter, err := parseStatusFilter(s.status)
	if err != nil {
		return err
	}
	sum, err := s.execute(cmd, e, o, filter)
	switch {
	case isBrokenPipe(err):
		return nil
	case err != nil && cmd.Context().Err() != nil && errors.Is(err, cmd.Context().Err()):
		return errInterrupted
	case err != nil:
		return err
	case lineErrors(s.brandErrs) != nil:
		return lineErrors(s.brandErrs)
	case sum.Alerting():
		return errChanges
	}
	return nil
}

// execute opens the outputs, runs the engine with a progress bar and prints
// the summary: what scan and match --resolve share.
func (s *scanCmd) execute(cmd *cobra.Command, e *env, o scan.Options, filter map[resolve.Status]bool) (*scan.Summary, error) {
	if err := s.prepareHandOn(&o); err != nil {
		return nil, err
	}
	outs, err := s.openOutputs(e, filter, &o)
	if err != nil {
		return nil, err
	}
	var prog *progress
	o.Progress = func(total int) func(resolve.Status) {
		prog = newProgress(e, total, !s.noProgress)
		return prog.add
	}
	sum, err := scan.Run(cmd.Context(), o, outs)
	if prog != nil {
		prog.finish()
	}
	for _, l := range sum.Lines(o.Shard.String(), o.SharedRunName()) {
		fmt.Fprintln(e.stderr, "lookalike:", l)
	}
	return sum, err
}
