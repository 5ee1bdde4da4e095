package scan

import (
	"context"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/rdap"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/shard"
)

// Options say what a run scans and with what. Exactly one input is used:
// Brands (generated with Generator), Candidates (a list read once), or
// Names (candidates already in memory, as audit and match have them).
type Options struct {
	// Brands are the brands whose candidates are generated. With Candidates
	// or Names they are the brands the names are judged against (at most
	// one for Candidates).
	Brands []permute.Brand
	// Generator makes the candidates of Brands; nil means permute's defaults.
	Generator *permute.Generator

	// Candidates, when set, is a name list (one a line, # comments) read
	// instead of generating; CandidatesName names it in messages.
	Candidates     io.Reader
	CandidatesName string
	// Names, when set, are scanned as they are.
	Names []permute.Candidate

	// Resolve configures the DNS client the run opens and closes.
	Resolve resolve.Options

	// Portfolio, OwnerNS and OwnerMX prove ownership (see judge.NewProfile).
	Portfolio map[string]bool
	OwnerNS   []string
	OwnerMX   []string

	// RDAP, when set, is asked about registered third-party and parked names
	// and about defend candidates of at least RDAPMinRisk.
	RDAP        *rdap.Client
	RDAPMinRisk int

	// NewIsChange, for observed names (match --resolve), reports a name the
	// previous complete run did not watch and that is registered now by
	// someone else as newly-registered: a lookalike first seen in tonight's
	// feed is news. A generated scan watches the same names every night and
	// leaves it off.
	NewIsChange bool

	// Budget is how many distinct registrable domains of each brand are
	// offered for registration, the likeliest first; 0 offers every one
	// (and holds every defend finding until the end, so memory grows with
	// the names; with a budget it follows the budget).
	Budget int

	// Web, when set, looks at the sites and mail servers of registered
	// names that are not the brand's, and judges them again (WebOptions).
	Web *WebOptions

	// Shard, when Count > 1, scans only the names whose registrable domain
	// falls in this shard (a stable hash: every name belongs to exactly one
	// shard on any machine); the shards share the run RunName in Store, and
	// the process that completes the run reports its changes and notifies.
	Shard   shard.Spec
	RunName string

	// Store, when set, keeps the run; Command describes it in the history.
	// The caller opens (and locks) the store and closes it after Run.
	Store   history.Store
	Command string
	// Notify, when set, is handed the changes of a complete run that has
	// any, after the sink has finished. Its error fails the run (ErrNotify).
	Notify func(ctx context.Context, changes []history.Change) error

	// Now is the run's clock (RDAP ages); zero means time.Now().
	Now time.Time
	// Progress, when set, is called once the number of names is known and
	// returns the function called for each finished name.
	Progress func(total int) func(resolve.Status)
	// Warn receives warnings for the user; nil discards them.
	Warn func(msg string)
	// LineError receives each kept bad input line (see LineErrors) before
	// the first query; nil discards them.
	LineError func(err error)
}

// DefaultBudget is the command line's --budget: a night's registrations for
// one brand are tens to a few hundred names.
const DefaultBudget = 500

// Sink receives what a run finds.
type Sink interface {
	// Add is called for every finding, in input order.
	Add(f judge.Finding) error
	// Offer is called after every Add of a complete run, for each name
	// offered for registration, the likeliest first: a defend verdict from a
	// trusted NXDOMAIN, within the budget, confirmed unregistered by the
	// servers of its suffix. Never an unknown status.
	Offer(f judge.Finding) error
	// Finish ends a run that completed or was interrupted (s.Interrupted):
	// what was found is complete as far as it goes, and may be committed.
	Finish(s *Summary) error
	// Abort ends a run that failed: nothing written should replace an
	// earlier output.
	Abort()
}

// Summary is what a run did.
type Summary struct {
	// Total is the number of names the input held; Done how many were
	// judged (fewer when interrupted).
	Total, Done int
	// Brands are the brands of the run.
	Brands []permute.Brand
	// Status counts by resolve status; Reasons counts the reasons of the
	// unknown ones; Verdicts counts verdicts.
	Status   map[resolve.Status]int
	Reasons  map[string]int
	Verdicts map[judge.Verdict]int
	// LineErrors are the input lines that were not names.
	LineErrors LineErrors
	// Elapsed is the time from the first query to the last finding.
	Elapsed time.Duration
	// Interrupted: the context ended before every name was judged.
	Interrupted bool
	// Stored: the run was kept in Options.Store and is complete (for a
	// shard: its part is, and RunComplete says whether the whole run is).
	Stored, RunComplete bool
	// Changes since each brand's previous complete run, and the brands
	// whose first complete run this was (Baselines).
	Changes   []history.Change
	Baselines []string
	// Offered are the names handed to Offer; Unconfirmed the defend names
	// within the budget that the suffix's servers did not confirm.
	Offered, Unconfirmed int
	// Resolver counts what the DNS client did; Pool says, one line a
	// resolver, how each fared (answers, latency, SERVFAIL, back-off, drops).
	Resolver resolve.Stats
	Pool     []string

	tally     resolve.Tally
	firstSeen []history.Change
}

// Alerting reports whether the changes are of the kind exit status 3 and
// notifications are for.
func (s *Summary) Alerting() bool { return history.Alerting(s.Changes) }

// Own lists the names the run's brands own: the brands' registrable
// domains in order, then the portfolio sorted. The hand-on formats never
// export them.
func (o *Options) Own() []string {
	own := make([]string, 0, len(o.Brands)+len(o.Portfolio))
	for _, b := range o.Brands {
		own = append(own, b.Domain)
	}
	return append(own, slices.Sorted(maps.Keys(o.Portfolio))...)
}
