package scan

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/lookalike/lookalike/audit"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// AuditOptions say what an audit reads and with what.
type AuditOptions struct {
	// Brand is the brand whose lookalikes are "high". Zero means none was
	// given: it is inferred from the most referenced registrable domain
	// (Audit returns it), and critical findings need no brand at all.
	Brand permute.Brand
	// Paths are local files and directories; URLs are crawled with Crawl;
	// DNS are domains whose DNS set-up is read.
	Paths []string
	URLs  []string
	Crawl audit.CrawlOptions
	DNS   []string
	// Resolve configures the DNS client of the audit.
	Resolve resolve.Options
	// Portfolio are the organisation's own domains.
	Portfolio map[string]bool
	// Similar judges whether a domain imitates the brand; nil: nothing does.
	Similar func(b permute.Brand, domain string) (bool, string)
	// Warn receives warnings (a page not read, a partial DNS walk).
	Warn func(msg string)
}

// Audit collects the domains the brand's pages, files and DNS point at,
// resolves each once through Run (the same probes and rules as a scan) and
// rates them (audit.Assess). It returns the findings and the brand they were
// judged against.
func Audit(ctx context.Context, o AuditOptions) ([]audit.Finding, permute.Brand, error) {
	if err := o.settle(); err != nil {
		return nil, o.Brand, err
	}
	warn := func(format string, args ...any) {
		if o.Warn != nil {
			o.Warn(fmt.Sprintf(format, args...))
		}
	}
	refs, err := o.gather(ctx, warn)
	if err != nil {
		return nil, o.Brand, err
	}
	brand := o.Brand
	if brand.Domain == "" {
		brand = inferBrand(refs)
	}
	results, err := o.resolveRefs(ctx, brand, refs, warn)
	if err != nil {
		return nil, brand, err
	}
	lookup := func(_ context.Context, d string) resolve.Result {
		if r, ok := results[d]; ok {
			return r
		}
		return resolve.Result{Candidate: permute.Candidate{Domain: d, Unicode: d}, Registrable: d, Status: resolve.Unknown, Reason: "not resolved"}
	}
	owned := func(d string) bool { return o.Portfolio[d] }
	var lookalike func(string) (bool, string)
	if o.Similar != nil && brand.Domain != "" {
		lookalike = func(d string) (bool, string) { return o.Similar(brand, d) }
	}
	findings := audit.Assess(ctx, refs, brand, lookup, owned, lookalike)
	return findings, brand, ctx.Err()
}

// AddTargets sorts a command line's audit arguments: http and https URLs
// are crawled, anything else is a local path.
func (o *AuditOptions) AddTargets(args []string) {
	for _, a := range args {
		if strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") {
			o.URLs = append(o.URLs, a)
		} else {
			o.Paths = append(o.Paths, a)
		}
	}
}

// settle brings each DNS domain to its registrable form and, when no brand
// was given, takes the first DNS domain's, else the first URL's (with local
// files alone, Audit infers it from what they reference). A domain that is
// no brand is permute.ErrBadInput.
func (o *AuditOptions) settle() error {
	dns := make([]string, len(o.DNS))
	for i, d := range o.DNS {
		b, err := permute.ParseBrand(d)
		if err != nil {
			return err
		}
		dns[i] = b.Domain
	}
	var err error
	switch {
	case o.Brand.Domain != "":
	case len(o.DNS) > 0:
		o.Brand, err = permute.ParseBrand(o.DNS[0])
	case len(o.URLs) > 0:
		o.Brand, err = permute.ParseBrand(o.URLs[0])
	}
	o.DNS = dns
	return err
}

func (o *AuditOptions) gather(ctx context.Context, warn func(string, ...any)) ([]audit.Ref, error) {
	var refs []audit.Ref
	if len(o.Paths) > 0 {
		r, err := audit.ScanPaths(ctx, o.Paths)
		if err != nil {
			return nil, err
		}
		refs = append(refs, r...)
	}
	for _, u := range o.URLs {
		co := o.Crawl
		co.OnSkip = func(url string, err error) { warn("not read: %s: %v", url, err) }
		r, err := audit.Crawl(ctx, u, co)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("audit %s: %w", u, err)
		}
		refs = append(refs, r...)
	}
	if len(o.DNS) > 0 {
		client, err := resolve.New(o.Resolve)
		if err != nil {
			return nil, err
		}
		defer client.Close()
		for _, d := range o.DNS {
			r, err := audit.DNSRefs(ctx, client, d)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				warn("%v", err) // partial: the refs found are still audited
			}
			refs = append(refs, r...)
		}
	}
	audit.SortRefs(refs)
	return refs, nil
}

// inferBrand takes the registrable domain most references point at (the
// brand's own site links to itself more than to anything else); ties go to
// the first in name order. Zero when nothing is referenced.
func inferBrand(refs []audit.Ref) permute.Brand {
	n := map[string]int{}
	for _, r := range refs {
		if r.Domain != "" {
			n[r.Domain]++
		}
	}
	keys := slices.Collect(func(yield func(string) bool) {
		for k := range n {
			if !yield(k) {
				return
			}
		}
	})
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(n[b]-n[a], cmp.Compare(a, b)) })
	for _, k := range keys {
		if b, err := permute.ParseBrand(k); err == nil {
			return b
		}
	}
	return permute.Brand{}
}

// resolveRefs resolves every referenced domain once.
func (o *AuditOptions) resolveRefs(ctx context.Context, brand permute.Brand, refs []audit.Ref, warn func(string, ...any)) (map[string]resolve.Result, error) {
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
	ro := Options{Names: list, Resolve: o.Resolve, Portfolio: o.Portfolio, Warn: func(m string) { warn("%s", m) }}
	if brand.Domain != "" {
		ro.Brands = []permute.Brand{brand}
	}
	col := &collector{results: results, confirmed: map[string]bool{}}
	if _, err := Run(ctx, ro, col); err != nil {
		return nil, err
	}
	// Critical means "anyone can register it": only a name its registry's
	// servers confirmed free says so; any other NXDOMAIN stays unknown.
	for d, r := range results {
		if r.Status == resolve.Unregistered && !col.confirmed[d] {
			r.Status, r.Reason = resolve.Unknown, resolve.ReasonUnconfirmed
			results[d] = r
		}
	}
	return results, nil
}

// collector is the sink of audit's lookups: each result by domain, and the
// names the engine offered, which their registries confirmed free.
type collector struct {
	results   map[string]resolve.Result
	confirmed map[string]bool
}

func (c *collector) Add(f judge.Finding) error   { c.results[f.Domain] = f.Result; return nil }
func (c *collector) Offer(f judge.Finding) error { c.confirmed[f.Domain] = true; return nil }
func (c *collector) Finish(*Summary) error       { return nil }
func (c *collector) Abort()                      {}
