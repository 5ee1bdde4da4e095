package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/lookalike/lookalike/audit"
	"github.com/lookalike/lookalike/internal/flagval"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/report"
	"github.com/lookalike/lookalike/scan"
	"github.com/lookalike/lookalike/similar"
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
		RunE:  func(cmd *cobra.Command, args []string) error { return a.run(cmd.Context(), e, args) },
	}
	fs := cmd.Flags()
	a.res.register(fs)
	a.out.register(fs, "csv")
	h := &handOnFlags{html: report.HTMLOptions{Sections: report.AuditHTMLSections, GroupBy: "severity"}}
	h.registerHTML(fs, &a.out)
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

func (a *auditCmd) run(ctx context.Context, e *env, args []string) error {
	o := scan.AuditOptions{DNS: a.dns, Similar: similar.Like}
	o.AddTargets(args)
	if len(args) == 0 && len(a.dns) == 0 {
		return usagef("nothing to audit: give URLs, paths or --dns DOMAIN")
	}
	var err error
	if a.brand != "" {
		if o.Brand, err = permute.ParseBrand(a.brand); err != nil {
			return err
		}
	}
	if a.portfolio != "" {
		if o.Portfolio, err = readPortfolio(a.portfolio); err != nil {
			return err
		}
	}
	if o.Resolve, err = a.res.options(e); err != nil {
		return err
	}
	depth := a.depth
	if depth == 0 {
		depth = audit.StartOnly
	}
	o.Crawl = audit.CrawlOptions{
		Depth: depth, MaxPages: a.maxPages, IgnoreRobots: a.ignoreRobots, Timeout: a.httpTimeout,
		MaxBody: int64(a.maxBody), UserAgent: audit.UserAgent(versionString()),
	}
	o.Warn = func(msg string) { fmt.Fprintln(e.stderr, "lookalike: warning:", msg) }
	findings, brand, err := scan.Audit(ctx, o)
	if err != nil {
		if ctx.Err() != nil {
			return errInterrupted
		}
		return err
	}
	return a.write(e, brand, findings)
}

func (a *auditCmd) write(e *env, brand permute.Brand, findings []audit.Finding) error {
	a.out.handOn.stamp(time.Now())
	sk, err := a.out.open(e, report.FormatCSV, report.TableOptions{Columns: report.AuditColumns})
	if err != nil {
		return err
	}
	counts, err := report.WriteAudit(sk, a.registrarCSV, brand.Domain, findings)
	if counts == nil {
		return err
	}
	fmt.Fprintf(e.stderr, "lookalike: audited %d referenced domain(s) for %s: %d critical, %d high, %d unknown, %d info\n",
		len(findings), brand.Domain, counts[audit.SeverityCritical], counts[audit.SeverityHigh], counts[audit.SeverityUnknown], counts[audit.SeverityInfo])
	switch {
	case err != nil:
		return err
	case counts[audit.SeverityCritical] > 0:
		return errChanges
	}
	return nil
}
