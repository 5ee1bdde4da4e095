package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"github.com/lookalike/lookalike/audit"
	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/scan"
	"github.com/spf13/cobra"
)

type auditCmd struct {
	res          resolverFlags
	out          outFlags
	brand        string
	dns          []string
	depth        int
	maxPages     int
	ignoreRobots bool
	httpTimeout  time.Duration
	maxBody      int
	portfolio    string
	registrarCSV string
}

func newAuditCmd(e *env) *cobra.Command {
	a := &auditCmd{}
	cmd := &cobra.Command{
		Use:   "audit [URL|PATH]... [--dns DOMAIN]",
		Short: "Find the domains the brand's own pages, files and DNS depend on, and the ones nobody registered",
		Long: `Audit collects every domain that the brand's web pages, scripts, forms, e-mail
templates, configuration files and DNS set-up point at, resolves each one and
reports:

  critical  referenced but unregistered: anyone can register it and receive
            what the brand sends there (a form action, a mailto:, an SPF
            include, an MX or NS target, a DMARC report address)
  high      registered by a third party while it looks like the brand, or a
            CNAME that dangles
  unknown   the DNS could not tell (never reported as critical)
  info      everything else, owned or unrelated

Web pages are fetched from the URL and the same site's links (--depth,
--max-pages), with robots.txt respected unless --ignore-robots. Local paths are
read as HTML, JavaScript, JSON, e-mail and configuration files. --dns reads MX,
NS, SPF (recursively), DMARC and the CNAMEs of common host names.

Exit status 3 when anything is critical, so that a CI pipeline can block a
deploy that references an unregistered domain.`,
		Example: `  lookalike audit https://www.airfrance.fr/ --resolvers 127.0.0.1
  lookalike audit ./site-export/ templates/ --brand airfrance.fr --resolvers 127.0.0.1
  lookalike audit --dns airfrance.fr --resolvers 127.0.0.1 --format csv
  lookalike audit https://www.airfrance.fr/ --dns airfrance.fr --registrar-csv critical.csv`,
		RunE: func(cmd *cobra.Command, args []string) error { return a.run(cmd.Context(), e, args) },
	}
	fs := cmd.Flags()
	a.res.register(fs)
	a.out.register(fs, "csv")
	fs.StringVar(&a.brand, "brand", "", "the brand's `DOMAIN` (default: the --dns domain or the first URL's)")
	fs.StringSliceVar(&a.dns, "dns", nil, "read the DNS set-up of `DOMAIN` (MX, NS, SPF, DMARC, CNAMEs of common hosts)")
	fs.Var(flagval.Int(&a.depth, audit.DefaultDepth, 0, math.MaxInt), "depth", "follow same-site links this many steps from each URL (0: the page alone)")
	fs.Var(flagval.Int(&a.maxPages, audit.DefaultMaxPages, 1, math.MaxInt), "max-pages", "fetch at most this many pages a URL")
	fs.BoolVar(&a.ignoreRobots, "ignore-robots", false, "do not read robots.txt (for a site you own)")
	fs.Var(flagval.Duration(&a.httpTimeout, audit.DefaultTimeout), "http-timeout", "time allowed for each web request")
	fs.Var(flagval.Int(&a.maxBody, int(audit.DefaultMaxBody), 1, math.MaxInt), "max-body", "read at most this many bytes of each document")
	fs.StringVar(&a.portfolio, "portfolio", "", "domains the organisation owns, from `FILE`: never high, only critical if they lapsed")
	fs.StringVar(&a.registrarCSV, "registrar-csv", "", "write the critical domains to `FILE` for a bulk registration")
	return cmd
}

func (a *auditCmd) brandOf(urls []string) (permute.Brand, error) {
	switch {
	case a.brand != "":
		return permute.ParseBrand(a.brand)
	case len(a.dns) > 0:
		return permute.ParseBrand(a.dns[0])
	case len(urls) > 0:
		return permute.ParseBrand(urls[0])
	}
	return permute.Brand{}, usagef("audit needs --brand DOMAIN to judge lookalikes when it reads only local files")
}

func (a *auditCmd) run(ctx context.Context, e *env, args []string) error {
	var urls, paths []string
	for _, arg := range args {
		if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
			urls = append(urls, arg)
		} else {
			paths = append(paths, arg)
		}
	}
	if len(args) == 0 && len(a.dns) == 0 {
		return usagef("nothing to audit: give URLs, paths or --dns DOMAIN")
	}
	brand, err := a.brandOf(urls)
	if err != nil {
		return err
	}
	for _, d := range a.dns {
		if _, err := permute.ParseBrand(d); err != nil {
			return err
		}
	}
	var portfolio map[string]bool
	if a.portfolio != "" {
		f, err := os.Open(a.portfolio)
		if err != nil {
			return usagef("--portfolio %s: %v", a.portfolio, err)
		}
		pf, errs := judge.ReadPortfolio(f)
		f.Close()
		if len(errs) > 0 {
			return usagef("--portfolio %s: %v", a.portfolio, errs[0])
		}
		portfolio = pf
	}
	ropt, err := a.res.options(e)
	if err != nil {
		return err
	}
	client, err := resolve.New(ropt)
	if err != nil {
		return err
	}
	defer client.Close()

	warn := func(format string, args ...any) { fmt.Fprintf(e.stderr, "lookalike: warning: "+format+"\n", args...) }
	var refs []audit.Ref
	if len(paths) > 0 {
		r, err := audit.ScanPaths(ctx, paths)
		if err != nil {
			return err
		}
		refs = append(refs, r...)
	}
	for _, u := range urls {
		depth := a.depth
		if depth == 0 {
			depth = audit.StartOnly
		}
		r, err := audit.Crawl(ctx, u, audit.CrawlOptions{
			Depth: depth, MaxPages: a.maxPages, IgnoreRobots: a.ignoreRobots, Timeout: a.httpTimeout,
			MaxBody: int64(a.maxBody), UserAgent: audit.UserAgent(versionString()),
			OnSkip: func(url string, err error) { warn("not read: %s: %v", report.Clean(url), err) },
		})
		if err != nil {
			if ctx.Err() != nil {
				return errInterrupted
			}
			return fmt.Errorf("audit %s: %w", u, err)
		}
		refs = append(refs, r...)
	}
	for _, d := range a.dns {
		b, _ := permute.ParseBrand(d)
		r, err := audit.DNSRefs(ctx, client, b.Domain)
		if err != nil {
			if ctx.Err() != nil {
				return errInterrupted
			}
			warn("%v", err) // partial: the refs found are still audited
		}
		refs = append(refs, r...)
	}
	audit.SortRefs(refs)

	results, err := a.resolveRefs(ctx, e, ropt, brand, portfolio, refs)
	if err != nil {
		return err
	}
	lookup := func(_ context.Context, d string) resolve.Result {
		if r, ok := results[d]; ok {
			return r
		}
		return resolve.Result{Candidate: permute.Candidate{Domain: d, Unicode: d}, Registrable: d, Status: resolve.Unknown, Reason: "not resolved"}
	}
	owned := func(d string) bool { return portfolio[d] }
	lookalike := func(d string) (bool, string) { return permute.Similar(brand, d) }
	findings := audit.Assess(ctx, refs, brand, lookup, owned, lookalike)
	if ctx.Err() != nil {
		return errInterrupted
	}
	return a.write(e, brand, findings)
}

// resolveRefs resolves every referenced domain once, through the scan
// engine, so that audit decides registration with the same probes and rules
// as a scan.
func (a *auditCmd) resolveRefs(ctx context.Context, e *env, ropt resolve.Options, brand permute.Brand, portfolio map[string]bool, refs []audit.Ref) (map[string]resolve.Result, error) {
	seen := map[string]bool{}
	var list []permute.Candidate
	for _, r := range refs {
		if r.Domain != "" && !seen[r.Domain] {
			seen[r.Domain] = true
			list = append(list, permute.Candidate{Domain: r.Domain, Unicode: names.ToUnicode(r.Domain), Fuzzers: []string{"audit"}, Brand: brand.Domain})
		}
	}
	results := map[string]resolve.Result{}
	if len(list) == 0 {
		return results, nil
	}
	o := scan.Options{
		Brands: []permute.Brand{brand}, Names: list, Resolve: ropt, Portfolio: portfolio,
		Warn: func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) },
	}
	col := &collector{results: results}
	if _, err := scan.Run(ctx, o, col); err != nil {
		if ctx.Err() != nil {
			return nil, errInterrupted
		}
		return nil, err
	}
	return results, nil
}

// collector is the sink of audit's lookups: it keeps each result by domain.
type collector struct{ results map[string]resolve.Result }

func (c *collector) Add(f judge.Finding) error {
	c.results[f.Domain] = f.Result
	return nil
}
func (c *collector) Offer(judge.Finding) error  { return nil }
func (c *collector) Finish(*scan.Summary) error { return nil }
func (c *collector) Abort()                     {}

// auditRecord is one finding as written; the fields are documented in the README.
func auditRecord(f audit.Finding) report.Record {
	// Several refs can share a place (two name servers under one domain, both
	// from "dns:brand NS"): the place is listed once.
	var where []string
	seen := map[string]bool{}
	for _, r := range f.Refs {
		w := r.Kind + " " + r.Source
		if !seen[w] {
			seen[w] = true
			where = append(where, w)
		}
	}
	first := ""
	if len(f.Refs) > 0 {
		first = f.Refs[0].Value
	}
	return report.Record{
		{Key: "domain", Value: f.Domain},
		{Key: "severity", Value: f.Severity},
		{Key: "status", Value: f.Status.String()},
		{Key: "reason", Value: f.Reason},
		{Key: "why", Value: f.Why},
		{Key: "refs", Value: len(f.Refs)},
		{Key: "example", Value: first},
		{Key: "found_in", Value: where},
	}
}

func (a *auditCmd) write(e *env, brand permute.Brand, findings []audit.Finding) error {
	sk, err := a.out.open(e, report.FormatCSV, report.TableOptions{Columns: []string{"severity", "domain", "status", "reason", "refs", "example", "why"}})
	if err != nil {
		return err
	}
	var regFile *report.AtomicFile
	var reg *report.RegistrarCSV
	if a.registrarCSV != "" {
		if regFile, err = report.CreateAtomic(a.registrarCSV); err != nil {
			sk.close(false)
			return err
		}
		reg = report.NewRegistrarCSV(regFile)
	}
	critical := 0
	counts := map[string]int{}
	var werr error
	for _, f := range findings {
		counts[f.Severity]++
		if f.Severity == audit.SeverityCritical {
			critical++
			if reg != nil {
				reg.Add(judge.Finding{
					Result: resolve.Result{
						Candidate:   permute.Candidate{Domain: f.Domain, Unicode: f.Domain, Brand: brand.Domain},
						Registrable: f.Domain, Status: f.Status,
					},
					Verdict: judge.Defend, Risk: 100, NameWhy: "referenced by the brand: " + firstWhere(f),
				})
			}
		}
		if werr == nil {
			werr = sk.w.Write(auditRecord(f))
		}
	}
	cerr := sk.close(werr == nil)
	if reg != nil {
		if err := commitRegistrar(regFile, reg, werr == nil); err != nil && cerr == nil {
			cerr = err
		}
	}
	fmt.Fprintf(e.stderr, "lookalike: audited %d referenced domain(s) for %s: %d critical, %d high, %d unknown, %d info\n",
		len(findings), brand.Domain, counts[audit.SeverityCritical], counts[audit.SeverityHigh], counts[audit.SeverityUnknown], counts[audit.SeverityInfo])
	switch {
	case werr != nil:
		return werr
	case cerr != nil:
		return cerr
	case critical > 0:
		return errChanges
	}
	return nil
}

func firstWhere(f audit.Finding) string {
	if len(f.Refs) == 0 {
		return ""
	}
	return f.Refs[0].Kind + " " + f.Refs[0].Source
}
