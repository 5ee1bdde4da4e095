package history

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RunID names one run in a store. Later runs have larger IDs; 0 means "none"
// or "the default" where an argument takes it.
type RunID int64

// Statuses as resolve.Status spells them. history keeps them as text so that a
// store outlives any change to the resolve package's numbering.
const (
	StatusRegistered   = "registered"
	StatusUnregistered = "unregistered"
	StatusUnknown      = "unknown"
)

// Observation is what one run learnt about one name of one brand: the resolve
// result and the verdict the report package gave it, in plain fields so that the
// store depends on neither package.
type Observation struct {
	Brand       string   `json:"brand"`
	Domain      string   `json:"domain"`
	Unicode     string   `json:"unicode,omitempty"`
	Registrable string   `json:"registrable,omitempty"`
	Fuzzers     []string `json:"fuzzers,omitempty"`
	Status      string   `json:"status"`
	Reason      string   `json:"reason,omitempty"`
	Verdict     string   `json:"verdict,omitempty"`
	Risk        int      `json:"risk"`
	Mail        bool     `json:"mail"`
	NS          []string `json:"ns,omitempty"`
	A           []string `json:"a,omitempty"`
	AAAA        []string `json:"aaaa,omitempty"`
	MX          []string `json:"mx,omitempty"`
	CNAME       []string `json:"cname,omitempty"`
	Registrar   string   `json:"registrar,omitempty"`
	Created     string   `json:"created,omitempty"`
}

// Known reports whether the observation tells anything: unknown results keep
// the state a name last had.
func (o *Observation) Known() bool {
	return o.Status == StatusRegistered || o.Status == StatusUnregistered
}

// normalize checks an observation before it is stored and puts its record
// lists in one canonical order, so that a resolver answering in another order
// is not a change.
func (o *Observation) normalize() error {
	o.Brand = strings.ToLower(strings.TrimSuffix(o.Brand, "."))
	o.Domain = strings.ToLower(strings.TrimSuffix(o.Domain, "."))
	if o.Brand == "" || o.Domain == "" {
		return fmt.Errorf("observation %q of brand %q: brand and domain must not be empty", o.Domain, o.Brand)
	}
	switch o.Status {
	case StatusRegistered, StatusUnregistered, StatusUnknown:
	default:
		return fmt.Errorf("observation %s: status %q; want registered, unregistered or unknown", o.Domain, o.Status)
	}
	o.NS = canonical(o.NS)
	o.A = canonical(o.A)
	o.AAAA = canonical(o.AAAA)
	o.MX = canonical(o.MX)
	o.CNAME = canonical(o.CNAME)
	return nil
}

// canonical lower-cases, drops trailing dots and empty entries, sorts and
// dedups a record list. It returns nil for an empty list so that "no records"
// has one form.
func canonical(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := make([]string, 0, len(in))
	for _, s := range in {
		s = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
		if s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// Counts sums up a run. Run.Counts tallies what was added; the caller may pass
// its own (with names it generated but did not resolve, say) to Finish.
type Counts struct {
	Names        int            `json:"names"`
	Registered   int            `json:"registered"`
	Unregistered int            `json:"unregistered"`
	Unknown      int            `json:"unknown"`
	Verdicts     map[string]int `json:"verdicts,omitempty"`
}

// RunInfo describes one run.
type RunInfo struct {
	ID RunID `json:"run"`
	// Name is the name the shards of a run share (BeginShard); "" for a run
	// begun by BeginRun.
	Name    string    `json:"name,omitempty"`
	Brands  []string  `json:"brands"`
	Options string    `json:"options,omitempty"`
	Started time.Time `json:"started"`
	// Finished is zero for a run that never reached Finish.
	Finished time.Time `json:"finished,omitzero"`
	// Complete is false for a run that was killed or is still going: such a run
	// is never a baseline. A sharded run is complete when all its shards are.
	Complete bool `json:"complete"`
	// Shards is how many shards the run was split into (1 unless sharded);
	// ShardsDone how many of them completed.
	Shards     int    `json:"shards"`
	ShardsDone int    `json:"shards_done"`
	Counts     Counts `json:"counts"`
}

// Store is what the CLI needs from a scan store. DB implements it on SQLite
// (Open, OpenReadOnly) and on PostgreSQL (OpenURL with a postgres:// URL).
type Store interface {
	// BeginRun starts a run of the given brands. options describes how the
	// run was made (the command line, say) for the history listing.
	BeginRun(brands []string, options string) (*Run, error)
	// BeginShard starts (or, after a kill, starts again) shard i of n of the
	// run called name, which the n shard processes share.
	BeginShard(name string, i, n int, brands []string, options string) (*Run, error)
	// LockShard takes the lock of shard i of n of the run called name: two
	// processes of one shard never write at once. It never waits.
	LockShard(name string, i, n int) (unlock func(), err error)
	// Runs lists the runs that scanned brand (every run when brand is ""),
	// oldest first.
	Runs(brand string) ([]RunInfo, error)
	// Changes lists what changed for brand between run (0: the latest complete
	// run) and since (0: the complete run before it).
	Changes(brand string, run, since RunID) ([]Change, error)
	// Observations returns what run learnt of brand's names.
	Observations(run RunID, brand string) ([]Observation, error)
	// AddNotification keeps the changes of run until MarkDelivered says they
	// reached their destination.
	AddNotification(run RunID, changes []Change) (NotificationID, error)
	// PendingNotifications lists the notifications never delivered, oldest
	// first.
	PendingNotifications() ([]Notification, error)
	// MarkDelivered records that notifications reached their destination.
	MarkDelivered(ids ...NotificationID) error
	// Prune forgets runs that started more than keep ago, except the latest
	// complete run of each brand, and the states only they had seen.
	Prune(keep time.Duration) (PruneStats, error)
	Close() error
}

// Writer is the storage side of a Run: a store implements it and hands it to
// NewRun.
type Writer interface {
	// WriteBatch stores observations of run in one transaction: all or none.
	WriteBatch(run RunID, obs []Observation) error
	// FinishRun marks shard of run complete (shard 0 of 1 for a run that is
	// not sharded) and reports whether that completed the whole run: true for
	// exactly one caller per run, decided in a transaction. Until the run is
	// complete it is no baseline.
	FinishRun(run RunID, shard int, c Counts, at time.Time) (completed bool, err error)
}

// Errors callers branch on.
var (
	// ErrNoBaseline: there is no earlier complete run of the brand to compare
	// with (the first run of a brand, or every earlier one was interrupted).
	ErrNoBaseline = errors.New("no earlier complete run to compare with")
	// ErrNoRun: the run asked for does not exist, did not scan the brand, or
	// cannot serve as asked (an incomplete run as baseline).
	ErrNoRun = errors.New("no such run")
	// ErrLocked: another process holds the run lock of the state file.
	ErrLocked = errors.New("state is locked by another run")
	// ErrFinished: Add or Finish on a run that has finished or failed, or
	// BeginShard of a shard that already completed.
	ErrFinished = errors.New("run already finished")
	// ErrUsage: the store was named wrongly (a bad PostgreSQL URL, a shard
	// index out of range, a run name reused with another shard count). The
	// CLI maps it to exit status 2.
	ErrUsage = errors.New("bad state argument")
	// ErrReadOnly: a write to a store opened with OpenReadOnly.
	ErrReadOnly = errors.New("state opened read-only")
)
