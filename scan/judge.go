package scan

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/lookalike/lookalike/internal/fanout"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/resolve"
)

// judger turns resolve results into findings: the brand profiles, the clock,
// and RDAP when asked.
type judger struct {
	profiles    map[string]*judge.Profile
	now         time.Time
	rd          *rdap.Client
	rdapMinRisk int
}

// profile learns each brand's own name servers and mail hosts from DNS, the
// ground truth for "owned".
func (o *Options) profiles(ctx context.Context, c *resolve.Client, now time.Time) (*judger, error) {
	j := &judger{profiles: map[string]*judge.Profile{}, now: now, rd: o.RDAP, rdapMinRisk: o.RDAPMinRisk}
	for _, b := range o.Brands {
		r := c.Lookup(ctx, b.Domain)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if r.Status != resolve.Registered {
			how := r.Status.String()
			if r.Reason != "" {
				how += " (" + r.Reason + ")"
			}
			o.warn(fmt.Sprintf("the brand %s itself resolved as %s: only --portfolio and --owner-ns/--owner-mx can prove ownership", b.Domain, how))
		}
		j.profiles[b.Domain] = judge.NewProfile(b, r, "", o.Portfolio, o.OwnerNS, o.OwnerMX)
	}
	return j, nil
}

func (j *judger) judge(r resolve.Result) judge.Finding {
	return judge.Judge(j.profiles[r.Brand], r, j.now)
}

// needsRDAP is the RDAP policy: registered third-party and parked names
// always (RDAP shows the registrar and age), defend candidates from
// rdapMinRisk up. RDAP servers are asked politely (a few a second each), so a
// default scan's thousands of low-risk names would take hours.
func (j *judger) needsRDAP(f *judge.Finding) bool {
	switch f.Verdict {
	case judge.ThirdParty, judge.Parked:
		return true
	case judge.Defend:
		if f.Risk < j.rdapMinRisk {
			f.Evidence = append(f.Evidence, fmt.Sprintf("rdap not asked: risk under --rdap-min-risk %d", j.rdapMinRisk))
			return false
		}
		return true
	}
	return false
}

// findings judges the results in order. With RDAP, names that need a second
// opinion are looked up by a pool of workers, still in input order.
func (j *judger) findings(ctx context.Context, results iter.Seq[resolve.Result]) iter.Seq[judge.Finding] {
	if j.rd == nil {
		return func(yield func(judge.Finding) bool) {
			for r := range results {
				if !yield(j.judge(r)) {
					return
				}
			}
		}
	}
	return fanout.Map(ctx, results, fanout.Options{Workers: 32, Window: 4096}, func(ctx context.Context, r resolve.Result) judge.Finding {
		f := j.judge(r)
		if !j.needsRDAP(&f) {
			return f
		}
		a := j.rd.Lookup(ctx, r.Registrable)
		st, why := rdap.Confirm(r.Status, a)
		if why != "" {
			r.Reason = why
		}
		r.Status = st
		if info := a.RDAP(); info != nil {
			r.RDAP = info
		}
		return j.judge(r)
	})
}

// offered reports whether a finding is offered for registration: only a
// defend verdict, which comes only from a trusted NXDOMAIN.
func offered(f *judge.Finding) bool {
	return f.Verdict == judge.Defend && f.Status == resolve.Unregistered
}

func brandDomains(bs []permute.Brand) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = b.Domain
	}
	return out
}
