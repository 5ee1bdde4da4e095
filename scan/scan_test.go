package scan

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lookalike/lookalike/history"
	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/shard"
	"github.com/miekg/dns"
)

// memSink keeps what a run hands it.
type memSink struct {
	added, offered []judge.Finding
	finished       *Summary
	aborted        bool
	failAt         int // Add fails on this finding (1-based); 0 never
}

func (m *memSink) Add(f judge.Finding) error {
	m.added = append(m.added, f)
	if m.failAt > 0 && len(m.added) == m.failAt {
		return errors.New("disk full")
	}
	return nil
}
func (m *memSink) Offer(f judge.Finding) error { m.offered = append(m.offered, f); return nil }
func (m *memSink) Finish(s *Summary) error     { m.finished = s; return nil }
func (m *memSink) Abort()                      { m.aborted = true }

func (m *memSink) verdict(domain string) judge.Verdict {
	for _, f := range m.added {
		if f.Domain == domain {
			return f.Verdict
		}
	}
	return ""
}

// world: the brand with its own name server and mail host, a parked typo,
// a third-party typo with mail, one that fails, one silent; NXDOMAIN else.
func world(t *testing.T) *dnstest.Server {
	s := dnstest.New(t)
	auth := authority(t, s)

	authOf[s] = auth
	ns := func(name string, hosts ...string) {
		s.Handle(name, dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS(name, hosts...)})
	}
	ns("airfrance.fr", "ns1.airfrance.fr")
	s.Handle("airfrance.fr", dns.TypeMX, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR("airfrance.fr. 300 IN MX 10 mx.airfrance.fr.")}})
	ns("airfrnce.fr", "ns1.sedoparking.com", "ns2.sedoparking.com")
	ns("arfrance.fr", "ns1.airfrance.fr")
	ns("irfrance.fr", "ns1.cloudhost.example")
	s.Handle("irfrance.fr", dns.TypeMX, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.RR("irfrance.fr. 300 IN MX 10 mail.cloudhost.example.")}})
	s.Handle("airrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
	auth.Handle("airrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.ServFail})
	return s
}

// authOf maps a world's resolver to its .fr authority.
var authOf = map[*dnstest.Server]*dnstest.Server{}

// authority is the servers of .fr, asked directly to confirm a name is free
// before it is offered: NXDOMAIN (with the zone's SOA) for everything but
// what a test delegates. The resolver learns where they are.
func authority(t *testing.T, resolver *dnstest.Server) *dnstest.Server {
	t.Helper()
	auth := dnstest.New(t)
	resolver.Handle("fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("fr", "ns1.nic.fr")})
	resolver.Handle("ns1.nic.fr", dns.TypeA, dnstest.Rule{Kind: dnstest.Answer, Answer: []dns.RR{dnstest.A("ns1.nic.fr", "127.0.0.1")}})
	return auth
}

func options(t *testing.T, s *dnstest.Server) Options {
	t.Helper()
	b, err := permute.ParseBrand("airfrance.fr")
	if err != nil {
		t.Fatal(err)
	}
	gen, err := permute.New(permute.Options{Fuzzers: []string{"omission"}, NoAbusedTLDs: true})
	if err != nil {
		t.Fatal(err)
	}
	return Options{
		Brands: []permute.Brand{b}, Generator: gen,
		Resolve: resolve.Options{Resolvers: []string{s.Addr()}, Timeout: 200 * time.Millisecond, Retries: 1, Records: true,
			AuthPort: authOf[s].Port()},
		Now: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC),
	}
}

func TestRunVerdictsAndOffers(t *testing.T) {
	s := world(t)
	sink := &memSink{}
	sum, err := Run(context.Background(), options(t, s), sink)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, domain string
		want         judge.Verdict
	}{
		{"parking name servers", "airfrnce.fr", judge.Parked},
		{"the brand's own name server", "arfrance.fr", judge.Owned},
		{"someone else's", "irfrance.fr", judge.ThirdParty},
		{"servfail is never defend", "airrance.fr", judge.Unknown},
		{"nxdomain", "airfrane.fr", judge.Defend},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sink.verdict(tt.domain); got != tt.want {
				t.Errorf("%s: verdict %q, want %q", tt.domain, got, tt.want)
			}
		})
	}
	if sum.Total != len(sink.added) || sum.Done != sum.Total {
		t.Errorf("total %d, done %d, added %d: every name must reach the sink", sum.Total, sum.Done, len(sink.added))
	}
	for _, f := range sink.offered {
		if f.Verdict != judge.Defend || f.Status != resolve.Unregistered {
			t.Errorf("%s offered for registration with %s/%s", f.Domain, f.Verdict, f.Status)
		}
	}
	if want := sum.Verdicts[judge.Defend]; len(sink.offered) != want || sum.Offered != want {
		t.Errorf("%d offered (summary %d), %d defend", len(sink.offered), sum.Offered, want)
	}
	if sink.finished != sum || sink.aborted {
		t.Error("a complete run must finish its sink, not abort it")
	}
	// Input order: the generator's order survives concurrent resolution.
	gen, _ := permute.New(permute.Options{Fuzzers: []string{"omission"}, NoAbusedTLDs: true})
	seq, _ := gen.Generate(options(t, s).Brands[0])
	var want []string
	for c := range seq {
		want = append(want, c.Domain)
	}
	var got []string
	for _, f := range sink.added {
		got = append(got, f.Domain)
	}
	if !slices.Equal(got, want) {
		t.Errorf("order changed:\n got %v\nwant %v", got, want)
	}
}

func TestRunCandidatesFromAPipe(t *testing.T) {
	s := world(t)
	o := options(t, s)
	// A reader that can be read once, as standard input can.
	o.Candidates = strings.NewReader("# a list\nirfrance.fr\nnot a name\nairfrane.fr\n\nIRFRANCE.FR.\n")
	o.CandidatesName = "-"
	var lineErrs []error
	o.LineError = func(err error) { lineErrs = append(lineErrs, err) }
	sink := &memSink{}
	sum, err := Run(context.Background(), o, sink)
	if !errors.Is(err, permute.ErrBadInput) {
		t.Fatalf("err %v: a bad line must make the run an input error at the end", err)
	}
	if len(sink.added) != 3 || sum.Total != 3 {
		t.Fatalf("%d names scanned (total %d), want 3: every good line once", len(sink.added), sum.Total)
	}
	if len(lineErrs) != 1 || !strings.Contains(lineErrs[0].Error(), "-:3:") {
		t.Errorf("line errors %v, want one naming line 3", lineErrs)
	}
	if sink.finished == nil {
		t.Error("bad lines must not stop the good ones from being finished")
	}
}

func TestRunKeepsFewLineErrors(t *testing.T) {
	var b strings.Builder
	for range 5000 {
		b.WriteString("-bad-\n")
	}
	b.WriteString("airfrane.fr\n")
	o := options(t, world(t))
	o.Candidates = strings.NewReader(b.String())
	sink := &memSink{}
	sum, err := Run(context.Background(), o, sink)
	if !errors.Is(err, permute.ErrBadInput) {
		t.Fatalf("err %v", err)
	}
	if sum.LineErrors.Count != 5000 || len(sum.LineErrors.First) != keptLineErrors {
		t.Errorf("counted %d, kept %d; want 5000 counted, %d kept", sum.LineErrors.Count, len(sum.LineErrors.First), keptLineErrors)
	}
	if len(sink.added) != 1 {
		t.Errorf("%d names, want the one good line", len(sink.added))
	}
}

func TestRunStoresAndDiffs(t *testing.T) {
	s := world(t)
	db := openStore(t)
	o := options(t, s)
	o.Store = db
	var notified []history.Change
	o.Notify = func(_ context.Context, cs []history.Change) error { notified = cs; return nil }

	first, err := Run(context.Background(), o, &memSink{})
	if err != nil {
		t.Fatal(err)
	}
	if !first.Stored || len(first.Baselines) != 1 || len(first.Changes) != 0 {
		t.Fatalf("first run: stored %v, baselines %v, changes %d; want a stored baseline", first.Stored, first.Baselines, len(first.Changes))
	}
	// The night after, a defend name was registered by someone.
	s.Handle("airfrane.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("airfrane.fr", "ns1.evil.example")})
	second, err := Run(context.Background(), o, &memSink{})
	if err != nil {
		t.Fatal(err)
	}
	if !second.Alerting() || len(notified) == 0 {
		t.Fatalf("changes %v, notified %d: a new third-party registration must alert", second.Changes, len(notified))
	}
	found := false
	for _, c := range second.Changes {
		if c.Domain == "airfrane.fr" && c.Kind == history.NewlyRegistered {
			found = true
		}
	}
	if !found {
		t.Errorf("changes %v lack airfrane.fr newly-registered", second.Changes)
	}
}

func TestRunNotifyFailureIsAnError(t *testing.T) {
	s := world(t)
	db := openStore(t)
	o := options(t, s)
	o.Store = db
	o.Notify = func(context.Context, []history.Change) error { return errors.New("webhook 500") }
	if _, err := Run(context.Background(), o, &memSink{}); err != nil {
		t.Fatal(err) // a baseline has no changes: nothing to notify
	}
	s.Handle("airfrane.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("airfrane.fr", "ns1.evil.example")})
	sink := &memSink{}
	_, err := Run(context.Background(), o, sink)
	if !errors.Is(err, ErrNotify) {
		t.Fatalf("err %v, want ErrNotify", err)
	}
	if sink.finished == nil {
		t.Error("the results must be finished before the notification is tried")
	}
}

func TestRunSinkFailureAbortsAndStaysIncomplete(t *testing.T) {
	s := world(t)
	db := openStore(t)
	o := options(t, s)
	o.Store = db
	sink := &memSink{failAt: 3}
	sum, err := Run(context.Background(), o, sink)
	if err == nil || !sink.aborted || sink.finished != nil {
		t.Fatalf("err %v, aborted %v: a failed write aborts the sink", err, sink.aborted)
	}
	if sum.Stored {
		t.Error("a failed run must never be a baseline")
	}
	runs, err := db.Runs("airfrance.fr")
	if err != nil || len(runs) != 1 || runs[0].Complete {
		t.Fatalf("runs %+v (%v): want one incomplete run", runs, err)
	}
}

func TestRunInterrupted(t *testing.T) {
	s := world(t)
	o := options(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	o.Progress = func(int) func(resolve.Status) {
		cancel() // interrupt as soon as the first query is about to go
		return func(resolve.Status) {}
	}
	sink := &memSink{}
	sum, err := Run(ctx, o, sink)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if !sum.Interrupted || sink.finished == nil {
		t.Errorf("interrupted %v, finished %v: an interrupted run finishes what it has", sum.Interrupted, sink.finished != nil)
	}
	for _, f := range sink.added {
		if f.Verdict == judge.Defend {
			t.Errorf("%s: defend from an interrupted lookup", f.Domain)
		}
	}
}

func TestRunUsage(t *testing.T) {
	s := world(t)
	tests := []struct {
		name string
		mod  func(o *Options)
	}{
		{"nothing to scan", func(o *Options) { o.Brands = nil }},
		{"candidates for two brands", func(o *Options) {
			b, _ := permute.ParseBrand("klm.com")
			o.Brands = append(o.Brands, b)
			o.Candidates = strings.NewReader("airfrane.fr\n")
		}},
		{"empty list", func(o *Options) { o.Candidates = strings.NewReader("# nothing\n") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := options(t, s)
			tt.mod(&o)
			if _, err := Run(context.Background(), o, &memSink{}); !errors.Is(err, permute.ErrBadInput) {
				t.Errorf("err %v, want an input error", err)
			}
		})
	}
}

func TestReadBrands(t *testing.T) {
	brands, bad, err := ReadBrands([]string{"AirFrance.FR"}, strings.NewReader("klm.com\nnot a brand\nairfrance.fr\n"), "brands.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range brands {
		got = append(got, b.Domain)
	}
	if !slices.Equal(got, []string{"airfrance.fr", "klm.com"}) {
		t.Errorf("brands %v", got)
	}
	if bad.Count != 1 || !strings.Contains(bad.First[0].Error(), "brands.txt:2:") {
		t.Errorf("line errors %+v", bad)
	}
	if _, _, err := ReadBrands([]string{"not a brand"}, nil, ""); !errors.Is(err, permute.ErrBadInput) {
		t.Errorf("a bad argument: %v", err)
	}
}

// Issue 10: a name is offered for registration only when the servers of its
// suffix confirm it is free. A resolver's NXDOMAIN for a name the registry
// delegates never reaches the registrar list.
func TestRunOffersOnlyWhatTheRegistryConfirms(t *testing.T) {
	s := world(t)
	o := options(t, s)
	auth := authOf[s]
	// The resolver says NXDOMAIN for airfrane.fr (the default), but the
	// registry delegates it: someone owns it.
	auth.Handle("airfrane.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("airfrane.fr", "ns1.evil.example")})
	var warnings []string
	o.Warn = func(m string) { warnings = append(warnings, m) }
	sink := &memSink{}
	sum, err := Run(context.Background(), o, sink)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sink.offered {
		if f.Domain == "airfrane.fr" {
			t.Fatal("airfrane.fr offered although its registry delegates it")
		}
	}
	if sum.Unconfirmed != 1 || sum.Offered != sum.Verdicts[judge.Defend]-1 {
		t.Errorf("offered %d, unconfirmed %d of %d defend; want one unconfirmed", sum.Offered, sum.Unconfirmed, sum.Verdicts[judge.Defend])
	}
	if !slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, "airfrane.fr: registered") }) {
		t.Errorf("no warning names airfrane.fr: %q", warnings)
	}
}

// --budget: only the N likeliest registrable domains are offered, and a
// one-edit typo comes before a keyword combo.
func TestRunBudget(t *testing.T) {
	s := world(t)
	o := options(t, s)
	gen, err := permute.New(permute.Options{Fuzzers: []string{"omission", "combo"}, TLDs: []string{"fr"}, NoAbusedTLDs: true})
	if err != nil {
		t.Fatal(err)
	}
	o.Generator, o.Budget = gen, 3
	sink := &memSink{}
	if _, err := Run(context.Background(), o, sink); err != nil {
		t.Fatal(err)
	}
	regs := map[string]bool{}
	for _, f := range sink.offered {
		regs[f.Registrable] = true
	}
	if len(regs) != 3 {
		t.Fatalf("%d registrable domains offered, want the budget of 3: %v", len(regs), regs)
	}
	for _, f := range sink.offered {
		if strings.Contains(f.Domain, "-") || len(f.Domain) > len("airfrance.fr") {
			t.Errorf("%s offered within a budget of 3: one-edit typos come first", f.Domain)
		}
	}
}

// Issue 10: a resolver that never answers makes a blind run: an error that
// names it, and no baseline.
func TestRunBlind(t *testing.T) {
	s := world(t)
	o := options(t, s)
	o.Resolve.Timeout = 50 * time.Millisecond
	o.Resolve.Retries = 0
	db := openStore(t)
	o.Store = db
	s.Override(dnstest.Rule{Kind: dnstest.Drop})
	sum, err := Run(context.Background(), o, &memSink{})
	if !errors.Is(err, resolve.ErrBlind) || !strings.Contains(err.Error(), s.Addr()) {
		t.Fatalf("err %v: want a blind run naming %s", err, s.Addr())
	}
	if sum != nil && sum.Stored {
		t.Error("a blind run must not be a baseline")
	}
}

// Issue 10: a notification that failed is kept in the state and delivered
// by the next run, even a night without changes of its own.
func TestRunKeepsUndeliveredNotifications(t *testing.T) {
	s := world(t)
	db := openStore(t)
	o := options(t, s)
	o.Store = db
	var sent [][]history.Change
	fail := true
	o.Notify = func(_ context.Context, cs []history.Change) error {
		if fail {
			return errors.New("webhook 500")
		}
		sent = append(sent, cs)
		return nil
	}
	if _, err := Run(context.Background(), o, &memSink{}); err != nil {
		t.Fatal(err)
	}
	s.Handle("airfrane.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Answer, Answer: dnstest.NS("airfrane.fr", "ns1.evil.example")})
	authOf[s].Handle("airfrane.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("airfrane.fr", "ns1.evil.example")})
	if _, err := Run(context.Background(), o, &memSink{}); !errors.Is(err, ErrNotify) {
		t.Fatalf("err %v, want ErrNotify", err)
	}
	fail = false
	third, err := Run(context.Background(), o, &memSink{})
	if err != nil {
		t.Fatal(err)
	}
	if len(third.Changes) != 0 || len(sent) != 1 || !slices.ContainsFunc(sent[0], func(c history.Change) bool { return c.Domain == "airfrane.fr" }) {
		t.Fatalf("third night: %d changes of its own, sent %v; want the kept notification of night 2 delivered", len(third.Changes), sent)
	}
	if _, err := Run(context.Background(), o, &memSink{}); err != nil || len(sent) != 1 {
		t.Errorf("a delivered notification was sent again: %d sends, %v", len(sent), err)
	}
}

// Issue 15: shards of one run scan every name exactly once between them,
// and exactly one of them completes the run and reports its changes.
func TestRunShards(t *testing.T) {
	s := world(t)
	db := openStore(t)
	whole := &memSink{}
	if _, err := Run(context.Background(), options(t, s), whole); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	completes := 0
	for i := range 3 {
		o := options(t, s)
		o.Store, o.Shard, o.RunName = db, shard.Spec{Index: i, Count: 3}, "night-1"
		sink := &memSink{}
		sum, err := Run(context.Background(), o, sink)
		if err != nil {
			t.Fatalf("shard %d: %v", i, err)
		}
		for _, f := range sink.added {
			seen[f.Domain]++
		}
		if sum.RunComplete {
			completes++
		}
	}
	if completes != 1 {
		t.Errorf("%d shards completed the run, want exactly 1", completes)
	}
	if len(seen) != len(whole.added) {
		t.Errorf("the shards scanned %d names, a single run %d", len(seen), len(whole.added))
	}
	for d, n := range seen {
		if n != 1 {
			t.Errorf("%s scanned by %d shards", d, n)
		}
	}
}

// Issue 10: a registered name one resolver suddenly calls NXDOMAIN is not
// "dropped" unless the registry confirms it, and a name that looks
// registered only once is not "newly-registered": flips are asked again.
func TestRunConfirmsFlips(t *testing.T) {
	s := world(t)
	db := openStore(t)
	o := options(t, s)
	o.Store = db
	auth := authOf[s]
	// irfrance.fr is registered (resolver and registry agree) on night 1.
	auth.Handle("irfrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.Referral, Ns: dnstest.NS("irfrance.fr", "ns1.cloudhost.example")})
	if _, err := Run(context.Background(), o, &memSink{}); err != nil {
		t.Fatal(err)
	}
	// Night 2: the resolver denies it; the registry still delegates it.
	s.Handle("irfrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.NXDomain})
	sum, err := Run(context.Background(), o, &memSink{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range sum.Changes {
		if c.Domain == "irfrance.fr" {
			t.Errorf("change %s %s from one resolver's word", c.Kind, c.Domain)
		}
	}
	// Night 3: the registry drops it too: now it is a real change.
	auth.Handle("irfrance.fr", dns.TypeNS, dnstest.Rule{Kind: dnstest.NXDomain})
	sum, err = Run(context.Background(), o, &memSink{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(sum.Changes, func(c history.Change) bool { return c.Domain == "irfrance.fr" && c.Kind == history.Dropped }) {
		t.Errorf("changes %v lack irfrance.fr dropped, confirmed by its registry", sum.Changes)
	}
}

// Issue 10: Ctrl-C while thousands of brands are expanded stops at once.
func TestRunInterruptedWhileExpanding(t *testing.T) {
	o := options(t, world(t))
	for i := range 2000 {
		b, err := permute.ParseBrand(fmt.Sprintf("brand%04d.com", i))
		if err != nil {
			t.Fatal(err)
		}
		o.Brands = append(o.Brands, b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, o, &memSink{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled before the first query", err)
	}
}

// Issue 12: with NewIsChange (match --resolve), a registered lookalike first
// seen in tonight's feed is newly-registered, even though no earlier run
// watched it.
func TestRunNewIsChange(t *testing.T) {
	s := world(t)
	db := openStore(t)
	o := options(t, s)
	o.Store, o.NewIsChange = db, true
	name := func(d string) permute.Candidate {
		c, err := permute.ParseName(d, "airfrance.fr")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	o.Names = []permute.Candidate{name("airfrane.fr")}
	if _, err := Run(context.Background(), o, &memSink{}); err != nil {
		t.Fatal(err)
	}
	o.Names = append(o.Names, name("irfrance.fr")) // registered, new in the feed
	sum, err := Run(context.Background(), o, &memSink{})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Alerting() || !slices.ContainsFunc(sum.Changes, func(c history.Change) bool {
		return c.Domain == "irfrance.fr" && c.Kind == history.NewlyRegistered
	}) {
		t.Errorf("changes %v: want irfrance.fr newly-registered, first seen tonight", sum.Changes)
	}
}

// openStore is a fresh SQLite state for one test, closed when it ends.
func openStore(t *testing.T) *history.DB {
	t.Helper()
	db, err := history.Open(filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
