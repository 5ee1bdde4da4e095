package main

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/match"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/scan"
	"github.com/spf13/cobra"
)

// matchCmd is `lookalike match`. It keeps a scanCmd for --resolve, so that
// the resolver, state, notification, judgement and output flags are scan's
// own, registered and read by scan's code.
type matchCmd struct {
	sc scanCmd

	src       match.SourceSpec
	ctFrom    int
	ctMax     int
	workers   int
	allBrands bool
	resolve   bool

	pos *match.LaterState // the CT position, saved once the run's output is
}

func newMatchCmd(e *env) *cobra.Command {
	m := &matchCmd{}
	cmd := &cobra.Command{
		Use:   "match [BRAND...] (--list FILE|- | --zone FILE | --ct URL)",
		Short: "Find the brands' lookalikes among registered and certified names: lists, zone files, CT logs",
		RunE:  func(cmd *cobra.Command, args []string) error { return m.run(cmd, e, args) },
	}
	fs := cmd.Flags()
	s := &m.sc
	fs.StringVar(&s.gen.brandsFile, "brands", "", "read brands from `FILE`, one a line (DOMAIN term,term; # starts a comment)")
	s.out.register(fs, "csv")
	new(handOnFlags).register(fs, &s.out)
	s.res.register(fs)
	s.cron.register(fs)
	s.web.register(fs)
	fs.StringVar(&m.src.List, "list", "", "read observed names from `FILE` (- for standard input): one a line, or a CSV with a domain column; gzip accepted")
	fs.StringVar(&m.src.Zone, "zone", "", "read the delegations of a TLD zone `FILE` (RFC 1035 master file; gzip accepted)")
	fs.StringVar(&m.src.ZoneOrigin, "zone-origin", "", "the zone's `NAME` (com, xn--p1ai) when the file has no $ORIGIN or SOA")
	fs.StringVar(&m.src.CT.URL, "ct", "", "read the certificates of the RFC 6962 Certificate Transparency log at `URL` (http or https)")
	fs.StringVar(&m.src.CTState, "ct-state", "", "keep the CT log's next position in `FILE` (default: --state FILE's FILE.ct.json)")
	fs.Var(flagval.Int(&m.ctFrom, 0, 0, math.MaxInt), "ct-from", "the first CT log index `N` when no position is kept yet")
	fs.Var(flagval.Int(&m.ctMax, 0, 0, math.MaxInt), "ct-max", "read at most `N` CT entries this run (0: up to the log's tree size)")
	fs.Var(flagval.Float(&m.src.CT.Rate, 2, 0, false), "ct-rate", "CT requests a second")
	fs.Var(flagval.Int(&m.workers, 1, 0, math.MaxInt), "workers", "names judged in parallel (1 keeps the input's order; 0: one per CPU)")
	fs.BoolVar(&m.allBrands, "all-brands", false, "report every brand a name imitates, not only the closest")
	fs.BoolVar(&m.resolve, "resolve", false, "resolve the matches and judge them as scan does (needs --resolvers)")
	s.registerJudge(fs, "never reported; with --resolve judged owned", "with --resolve, ")
	return cmd
}

func (m *matchCmd) run(cmd *cobra.Command, e *env, args []string) error {
	brands, portfolio, bad, o, done, err := m.prepare(cmd, e, args)
	defer done()
	if err != nil {
		return err
	}
	var st match.Stats
	if m.resolve {
		err = m.runResolve(cmd, e, brands, portfolio, o, &st)
	} else {
		err = m.runMatch(cmd, e, o, &st)
	}
	if err == nil || errors.Is(err, errChanges) || errors.As(err, new(junkError)) {
		if serr := m.pos.Commit(); serr != nil {
			return serr
		}
	}
	switch {
	case isBrokenPipe(err):
		return nil
	case err != nil && cmd.Context().Err() != nil && errors.Is(err, cmd.Context().Err()):
		return errInterrupted
	case err != nil && !errors.Is(err, errChanges):
		return err
	case lineErrors(bad) != nil:
		return lineErrors(bad)
	}
	return err
}

// prepare reads the config, the brands and the portfolio, builds the index
// and opens the source; done closes the source.
func (m *matchCmd) prepare(cmd *cobra.Command, e *env, args []string) (brands []permute.Brand, portfolio map[string]bool, bad *scan.LineErrors, o match.Options, done func(), err error) {
	s, done := &m.sc, func() {}
	if err = m.checkResolveOnly(cmd); err == nil {
		err = s.cron.applyConfig(cmd)
	}
	if err != nil {
		return
	}
	if cfg := s.cron.cfg; cfg != nil && len(args) == 0 && s.gen.brandsFile == "" {
		args = cfg.Brands
	}
	if err = m.check(cmd); err != nil {
		return
	}
	if brands, bad, err = brandList(e, args, s.gen.brandsFile); err != nil {
		return
	}
	if len(brands) == 0 {
		if err = lineErrors(bad); err == nil {
			err = usagef("no brand given: name one or more domains (lookalike match paypal.com --list FILE) or use --brands FILE")
		}
		return
	}
	if s.portfolio != "" {
		if portfolio, err = readPortfolio(s.portfolio); err != nil {
			return
		}
	}
	ix, err := match.NewIndex(brands, portfolio)
	if err != nil {
		err = usagef("%v", err)
		return
	}
	statePath, err := s.cron.statePath()
	if err != nil {
		return
	}
	if statePath != "" && !m.resolve && m.src.CT.URL == "" && s.cron.state != "" {
		err = usagef("--state keeps what --resolve found, and the --ct position: give --resolve or --ct")
		return
	}
	m.src.Stdin, m.src.History, m.src.CT.From, m.src.CT.Max = e.stdin, statePath, int64(m.ctFrom), int64(m.ctMax)
	src, pos, done, err := m.src.Open()
	if err != nil {
		err = specErr(err)
		return
	}
	if m.pos = pos; pos == nil && m.src.CT.URL != "" {
		fmt.Fprintf(e.stderr, "lookalike: warning: no --ct-state or --state: the CT position is not kept, and the next run starts again at index %d\n", m.ctFrom)
	}
	o = match.Options{Index: ix, Sources: []match.Source{src}, Workers: m.workers, All: m.allBrands, MaxErrors: 20}
	return
}

// check refuses flags that cannot go together, before any file is opened.
func (m *matchCmd) check(cmd *cobra.Command) error {
	if err := m.src.Check(); err != nil {
		return usagef("%v", err)
	}
	for _, f := range []string{"ct-state", "ct-from", "ct-max", "ct-rate"} {
		if m.src.CT.URL == "" && cmd.Flags().Changed(f) {
			return usagef("--%s goes with --ct URL", f)
		}
	}
	if !m.resolve && slices.Contains(report.HandOnFormats, report.Format(m.sc.out.format)) {
		return usagef("--format %s holds scan findings: give --resolve, or use %s", m.sc.out.format, formatNames(report.BaseFormats))
	}
	return nil
}

// checkResolveOnly refuses, on the command line, the flags only --resolve
// reads. It runs before --config is applied: a config file may hold the
// resolvers for the nights that resolve, and a run without --resolve
// ignores them.
func (m *matchCmd) checkResolveOnly(cmd *cobra.Command) error {
	if m.resolve {
		return nil
	}
	for _, f := range []string{"resolvers", "owner-ns", "owner-mx", "explain", "changes-only", "notify-webhook", "notify-email", "shard", "shards", "run", "web", "screenshot", "smtp-banner"} {
		if cmd.Flags().Changed(f) {
			return usagef("--%s goes with --resolve: without it match asks no DNS", f)
		}
	}
	return nil
}

// specErr is a source error: exit status 2 when the command line named
// what cannot be read.
func specErr(err error) error {
	if errors.Is(err, match.ErrSpec) {
		return usagef("%v", err)
	}
	return err
}

// runMatch writes the matches as they come.
func (m *matchCmd) runMatch(cmd *cobra.Command, e *env, o match.Options, st *match.Stats) error {
	out, err := m.sc.out.open(e, report.FormatCSV, report.TableOptions{Columns: report.MatchColumns})
	if err != nil {
		return err
	}
	*st, err = match.Run(cmd.Context(), o, func(r match.Result) error { return out.W.Write(report.MatchRecord(r)) })
	m.talk(e, o, st)
	interrupted := err != nil && cmd.Context().Err() != nil
	if cerr := out.Close(err == nil || interrupted); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return m.junkErr(st)
}

// talk reports the junk with its place, then one summary line.
func (m *matchCmd) talk(e *env, o match.Options, st *match.Stats) {
	for _, l := range st.Lines(len(o.Index.Brands()), o.Sources[0].Name()) {
		fmt.Fprintln(e.stderr, "lookalike:", l)
	}
}

// junkErr is the exit status 2 of skipped list lines, after the good ones
// were done. What a zone or a CT log holds that is no name (a delegation
// of a public suffix such as co in the uk zone, a certificate that does
// not parse) is the registry's or the log's, not the user's: reported, and
// no reason to fail a nightly job.
func (m *matchCmd) junkErr(st *match.Stats) error {
	if st.Junk == 0 || m.src.List == "" {
		return nil
	}
	return junkError{fmt.Sprintf("lookalike: %d input line(s) that are no name skipped (listed above)", st.Junk)}
}

// junkError is exit status 2 without the usage hint: the command line was
// right, some input lines were not.
type junkError struct{ msg string }

func (j junkError) Error() string { return j.msg }
func (j junkError) Unwrap() error { return permute.ErrBadInput }

// runResolve collects the matches and scans them: scan's options, outputs
// and exit statuses, with the matches as the names.
func (m *matchCmd) runResolve(cmd *cobra.Command, e *env, brands []permute.Brand, portfolio map[string]bool, mo match.Options, st *match.Stats) error {
	s := &m.sc
	// A lookalike first seen in tonight's feed is news, not a baseline.
	o := scan.Options{Brands: brands, Portfolio: portfolio, NewIsChange: true}
	if err := s.engineOptions(e, &o); err != nil {
		return err
	}
	statePath, err := s.statePath()
	if err != nil {
		return err
	}
	// The lock comes before the source is read: an overlapping run stops
	// at once, before it moves the CT position.
	closeDB, err := s.attachState(cmd, e, &o, statePath)
	if err != nil {
		return err
	}
	defer closeDB()
	o.Names, *st, err = match.Collect(cmd.Context(), mo)
	m.talk(e, mo, st)
	if err != nil {
		return err
	}
	o.Warn = func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) }
	o.LineError = func(err error) { fmt.Fprintln(e.stderr, "lookalike:", err) }
	sum, err := s.execute(cmd, e, o, nil)
	switch {
	case err != nil:
		return err
	case m.junkErr(st) != nil:
		return m.junkErr(st)
	case sum.Alerting():
		return errChanges
	}
	return nil
}
