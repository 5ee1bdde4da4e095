package main

import (
	"errors"
	"fmt"
	"iter"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/internal/lines"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
	"github.com/spf13/cobra"
)

type scanCmd struct {
	gen        genFlags
	out        outFlags
	res        resolverFlags
	status     string
	candidates string
	noProgress bool

	portfolio     string
	ownerNS       []string
	ownerMX       []string
	top           int
	registrarCSV  string
	explain       bool
	rdap          bool
	rdapBootstrap string
	rdapRate      float64
	rdapMinRisk   int

	cron cronFlags
}

func newScanCmd(e *env) *cobra.Command {
	s := &scanCmd{}
	cmd := &cobra.Command{
		Use:   "scan BRAND...",
		Short: "Generate the candidates of brands and resolve them: registered, unregistered, unknown",
		Long: `Scan generates each brand's candidates (as 'lookalike generate' does), resolves
them concurrently and reports each with exactly one status:

  registered    the registrable domain is delegated (NS), or a NOERROR answer
                proves it exists
  unregistered  NXDOMAIN for the registrable domain, after every check asked for
  unknown       could not be told; the reason says why (timeout, servfail,
                refused, wildcard-tld, lying-resolver, ...). A timeout is never
                "unregistered".

A, AAAA, MX, NS and CNAME are collected for registered names only, so an
unregistered candidate costs one query.

Results go to stdout (or -o); a progress bar goes to stderr when it is a
terminal, and one summary line otherwise.`,
		Example: `  lookalike scan airfrance.fr --resolvers 127.0.0.1:5353
  lookalike scan airfrance.fr paypal.com --resolvers resolvers.txt --format csv -o scan.csv
  lookalike scan airfrance.fr --status registered --format jsonl
  lookalike scan --candidates names.txt --resolvers 127.0.0.53 --rate 500`,
		RunE: func(cmd *cobra.Command, args []string) error { return s.run(cmd, e, args) },
	}
	fs := cmd.Flags()
	s.gen.register(fs)
	s.out.register(fs, "csv")
	s.res.register(fs)
	s.cron.register(fs)
	fs.StringVar(&s.status, "status", "", "only print these statuses: comma-separated registered,unregistered,unknown")
	fs.StringVar(&s.candidates, "candidates", "", "scan the names in `FILE` (one a line) instead of generating")
	fs.BoolVar(&s.noProgress, "no-progress", false, "no progress bar, even on a terminal")
	fs.StringVar(&s.portfolio, "portfolio", "", "names the organisation owns, from `FILE` (one a line): judged owned, and defended if they lapse")
	fs.StringSliceVar(&s.ownerNS, "owner-ns", nil, "name servers that prove ownership: domain suffixes or globs (`PATTERN`,...)")
	fs.StringSliceVar(&s.ownerMX, "owner-mx", nil, "mail hosts that prove ownership: domain suffixes or globs (`PATTERN`,...)")
	fs.IntVar(&s.top, "top", report.DefaultTop, "names shown in each section of the table")
	fs.StringVar(&s.registrarCSV, "registrar-csv", "", "write the defend names, riskiest first, to `FILE` for a bulk registration (domain,unicode,tld,risk,reason,brand)")
	fs.BoolVar(&s.explain, "explain", false, "add risk_factors: the terms of each name's risk score")
	fs.BoolVar(&s.rdap, "rdap", false, "ask the TLD's RDAP server about registered third-party names and defend candidates (slow: polite to each server)")
	fs.StringVar(&s.rdapBootstrap, "rdap-bootstrap", "", "IANA RDAP bootstrap `FILE` (dns.json) to use instead of the embedded one")
	fs.Float64Var(&s.rdapRate, "rdap-rate", 1, "RDAP requests a second to each RDAP server")
	fs.IntVar(&s.rdapMinRisk, "rdap-min-risk", 70, "with --rdap, ask about defend candidates of at least this risk (registered third-party and parked names always)")
	return cmd
}

// input is what a scan resolves: the stream, its length and the suffixes in play.
type input struct {
	seq       iter.Seq[permute.Candidate]
	total     int
	suffixes  []string
	lineErrs  []error
	brands    int
	brandList []permute.Brand
}

func (s *scanCmd) input(args []string) (*input, error) {
	if s.candidates != "" {
		return candidatesFile(s.candidates, args)
	}
	opt, err := s.gen.options()
	if err != nil {
		return nil, err
	}
	gen, err := permute.New(opt)
	if err != nil {
		return nil, err
	}
	brands, lineErrs, err := brandList(args, s.gen.brandsFile)
	if err != nil {
		return nil, err
	}
	in := &input{lineErrs: lineErrs, brands: len(brands), brandList: brands}
	seqs := make([]iter.Seq[permute.Candidate], 0, len(brands))
	sfx := map[string]bool{}
	for _, b := range brands {
		seq, err := gen.Generate(b)
		if err != nil {
			return nil, err
		}
		// One pass to count and to learn the suffixes the probes must cover:
		// generation is two orders of magnitude faster than resolution.
		for c := range seq {
			in.total++
			if _, x, ok := names.Registrable(c.Domain); ok {
				sfx[x] = true
			}
		}
		seqs = append(seqs, seq)
	}
	in.seq = concat(seqs)
	in.suffixes = sortedKeys(sfx)
	return in, nil
}

func concat[T any](seqs []iter.Seq[T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, s := range seqs {
			for v := range s {
				if !yield(v) {
					return
				}
			}
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// candidatesFile streams a name list. A first pass validates every line
// (errors name the line and are skipped), counts and collects suffixes; the
// second pass streams, so a million-line file is never held in memory.
func candidatesFile(path string, args []string) (*input, error) {
	brand := ""
	var brands []permute.Brand
	if len(args) == 1 {
		b, err := permute.ParseBrand(args[0])
		if err != nil {
			return nil, err
		}
		brand = b.Domain
		brands = []permute.Brand{b}
	} else if len(args) > 1 {
		return nil, usagef("--candidates takes at most one brand (to credit the names to), got %d", len(args))
	}
	in := &input{brands: len(args), brandList: brands}
	sfx := map[string]bool{}
	err := eachName(path, brand, func(c permute.Candidate, lineErr error) bool {
		if lineErr != nil {
			in.lineErrs = append(in.lineErrs, lineErr)
			return true
		}
		in.total++
		if _, x, ok := names.Registrable(c.Domain); ok {
			sfx[x] = true
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if in.total == 0 && len(in.lineErrs) == 0 {
		return nil, usagef("--candidates %s: no names in the file", path)
	}
	in.suffixes = sortedKeys(sfx)
	in.seq = func(yield func(permute.Candidate) bool) {
		_ = eachName(path, brand, func(c permute.Candidate, lineErr error) bool {
			return lineErr != nil || yield(c)
		})
	}
	return in, nil
}

func eachName(path, brand string, fn func(permute.Candidate, error) bool) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return usagef("--candidates %s: no such file", path)
		}
		return fmt.Errorf("--candidates %s: %w", path, err)
	}
	defer f.Close()
	err = lines.Each(f, func(n int, line string) bool {
		c, err := permute.ParseName(line, brand)
		if err != nil {
			err = fmt.Errorf("%s:%d: %w", path, n, err)
		}
		return fn(c, err)
	})
	if err != nil {
		return fmt.Errorf("--candidates %s: %w", path, err)
	}
	return nil
}

func parseStatusFilter(s string) (map[resolve.Status]bool, error) {
	if s == "" {
		return nil, nil
	}
	m := map[resolve.Status]bool{}
	for _, p := range splitList(s) {
		st, err := resolve.ParseStatus(strings.ToLower(p))
		if err != nil {
			return nil, usagef("--status: %v", err)
		}
		m[st] = true
	}
	return m, nil
}

func (s *scanCmd) run(cmd *cobra.Command, e *env, args []string) error {
	ctx := cmd.Context()
	if err := s.cron.applyConfig(cmd); err != nil {
		return err
	}
	if cfg := s.cron.cfg; cfg != nil && len(args) == 0 && s.gen.brandsFile == "" && s.candidates == "" {
		args = cfg.Brands
	}
	filter, err := parseStatusFilter(s.status)
	if err != nil {
		return err
	}
	ropt, err := s.res.options(e)
	if err != nil {
		return err
	}
	jd, err := s.judgeOptions()
	if err != nil {
		return err
	}
	statePath, err := s.cron.statePath()
	if err != nil {
		return err
	}
	if s.cron.changesOnly && statePath == "" {
		return usagef("--changes-only needs --state FILE: changes are measured against the last run kept there")
	}
	in, err := s.input(args)
	if err != nil {
		return err
	}
	if statePath != "" && len(in.brandList) == 0 {
		return usagef("--state with --candidates needs the brand to file the names under: lookalike scan BRAND --candidates FILE --state FILE")
	}
	for _, le := range in.lineErrs {
		fmt.Fprintln(e.stderr, "lookalike:", le)
	}

	// The lock comes before any query: an overlapping cron run stops at once.
	var run *history.Run
	var db *history.DB
	if statePath != "" {
		var done func()
		if db, done, err = openState(statePath); err != nil {
			return err
		}
		defer done()
		brands := make([]string, len(in.brandList))
		for i, b := range in.brandList {
			brands[i] = b.Domain
		}
		if run, err = db.BeginRun(brands, strings.Join(os.Args[1:], " ")); err != nil {
			return fmt.Errorf("--state %s: %w", statePath, err)
		}
	}

	client, err := resolve.New(ropt)
	if err != nil {
		return err
	}
	defer client.Close()
	if err := client.Probe(ctx, in.suffixes); err != nil {
		if ctx.Err() != nil {
			return errInterrupted
		}
		return err
	}
	if err := jd.profile(ctx, e, client, in.brandList); err != nil {
		return err
	}
	rd, err := s.rdapClient()
	if err != nil {
		return err
	}
	outs, err := s.openOutputs(e)
	if err != nil {
		return err
	}
	prog := newProgress(e, in.total, !s.noProgress)
	start := time.Now()
	st := &scanStats{reasons: map[string]int{}, verdicts: map[judge.Verdict]int{}}
	var werr error
	for f := range jd.findings(ctx, client.Resolve(ctx, in.seq), rd) {
		st.add(&f)
		prog.add(f.Status)
		if run != nil {
			if werr = run.Add(observation(&f)); werr != nil {
				werr = fmt.Errorf("--state %s: %w", statePath, werr)
				break
			}
		}
		if filter != nil && !filter[f.Status] {
			if outs.registrar != nil {
				outs.registrar.csv.Add(f)
			}
			continue
		}
		if werr = outs.add(f, jd, s.explain); werr != nil {
			break
		}
	}
	prog.finish()
	interrupted := ctx.Err() != nil

	// A run is a baseline only if it saw every name: an interrupted or failed
	// one stays incomplete in the store.
	var changes []history.Change
	var baselines []string
	if run != nil && werr == nil && !interrupted {
		if werr = run.Finish(run.Counts()); werr == nil {
			changes, baselines, werr = collectChanges(db, in.brandList)
		}
	}
	if werr == nil && outs.sections != nil {
		if statePath != "" {
			werr = writeChangesTable(outs.main.raw, changes, baselines)
		}
		if werr == nil && !s.cron.changesOnly {
			werr = outs.sections.WriteTable(outs.main.raw, e.stdoutTTY && s.out.output == "")
		}
	} else if werr == nil && s.cron.changesOnly {
		for _, c := range changes {
			if werr = outs.main.w.Write(changeRecord(c)); werr != nil {
				break
			}
		}
	} else if werr == nil {
		for _, c := range changes {
			fmt.Fprintf(e.stderr, "lookalike: change: %s %s (%s, risk %d) %s: %s → %s\n", c.Kind, report.Clean(c.Domain), c.Verdict, c.Risk,
				c.Field, report.Clean(orDash(c.Before)), report.Clean(orDash(c.After)))
		}
	}
	cerr := outs.close(werr == nil)
	summary(e, in, st, time.Since(start), interrupted)
	if statePath != "" && werr == nil && !interrupted {
		fmt.Fprintf(e.stderr, "lookalike: %d change(s) since the last complete run%s\n", len(changes), baselineNote(baselines))
	}
	// Notifications go out after the results are saved; a failure is an
	// exit 1, never silence.
	var nerr error
	if werr == nil && cerr == nil && !interrupted {
		nerr = s.cron.notifyChanges(ctx, e, changes)
	}
	switch {
	case isBrokenPipe(werr), isBrokenPipe(cerr):
		return nil
	case werr != nil:
		return werr
	case cerr != nil:
		return cerr
	case interrupted:
		return errInterrupted
	case nerr != nil:
		return fmt.Errorf("results saved, but a notification failed: %w", nerr)
	case len(in.lineErrs) > 0:
		return lineErrors(in.lineErrs)
	case history.Alerting(changes):
		return errChanges
	}
	return nil
}

func baselineNote(b []string) string {
	if len(b) == 0 {
		return ""
	}
	return "; baseline recorded for " + strings.Join(b, ", ")
}

// collectChanges compares the run just finished with the previous complete
// run of each brand.
func collectChanges(db *history.DB, brands []permute.Brand) ([]history.Change, []string, error) {
	var out []history.Change
	var baselines []string
	for _, b := range brands {
		cs, err := db.Changes(b.Domain, 0, 0)
		if errors.Is(err, history.ErrNoBaseline) {
			baselines = append(baselines, b.Domain)
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		out = append(out, cs...)
	}
	history.SortChanges(out)
	return out, baselines, nil
}

// scanStats counts what a scan found, for the summary line.
type scanStats struct {
	done     int
	counts   [3]int
	reasons  map[string]int
	verdicts map[judge.Verdict]int
}

func (st *scanStats) add(f *judge.Finding) {
	st.done++
	st.counts[f.Status]++
	if f.Status == resolve.Unknown {
		st.reasons[f.Reason]++
	}
	st.verdicts[f.Verdict]++
}

func summary(e *env, in *input, st *scanStats, d time.Duration, interrupted bool) {
	rate := float64(st.done) / max(d.Seconds(), 1e-9)
	var rs []string
	for _, k := range slices.Sorted(mapKeys(st.reasons)) {
		rs = append(rs, fmt.Sprintf("%s %d", k, st.reasons[k]))
	}
	unk := fmt.Sprintf("%d unknown", st.counts[resolve.Unknown])
	if len(rs) > 0 {
		unk += " (" + strings.Join(rs, ", ") + ")"
	}
	var vs []string
	for _, v := range judge.Verdicts {
		vs = append(vs, fmt.Sprintf("%s %d", v, st.verdicts[v]))
	}
	state := "scanned"
	if interrupted {
		state = "interrupted after"
	}
	fmt.Fprintf(e.stderr, "lookalike: %s %d of %d names in %s (%.0f names/s): %d registered, %d unregistered, %s; verdicts: %s\n",
		state, st.done, in.total, d.Round(time.Millisecond), rate, st.counts[resolve.Registered], st.counts[resolve.Unregistered], unk, strings.Join(vs, ", "))
}

func mapKeys[K comparable, V any](m map[K]V) iter.Seq[K] {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
