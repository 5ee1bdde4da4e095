package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// A state is what a name was seen as over a stretch of runs: the same
// observation in every run of its brand from First to Last. The store keeps
// one row per state, so a name that does not change costs one row however many
// nights it is scanned (the row's Last moves forward), and each change costs
// one row more. A run that did not see a name ends the name's stretch: the
// next run that sees it starts a new one, so "every run of the brand from
// First to Last saw the name" always holds, and a complete run inside the
// stretch is a run in which the name was known to be in this state.
type state struct {
	Observation
	First, Last RunID
}

// stateCols are the columns of the states table in the order scanState
// reads them.
const stateCols = `brand, domain, first_run, last_run, unicode, registrable, fuzzers, status, reason, verdict,
	risk, mail, ns, a, aaaa, mx, cname, registrar, created`

func scanState(sc interface{ Scan(...any) error }) (state, error) {
	var (
		st                              state
		fuzzers, ns, a, aaaa, mx, cname string
		risk, mail                      int64
	)
	err := sc.Scan(&st.Brand, &st.Domain, &st.First, &st.Last, &st.Unicode, &st.Registrable, &fuzzers,
		&st.Status, &st.Reason, &st.Verdict, &risk, &mail, &ns, &a, &aaaa, &mx, &cname, &st.Registrar, &st.Created)
	if err != nil {
		return st, err
	}
	st.Risk, st.Mail = int(risk), mail != 0
	st.Fuzzers, st.NS, st.A, st.AAAA, st.MX, st.CNAME = split(fuzzers), split(ns), split(a), split(aaaa), split(mx), split(cname)
	return st, nil
}

// values are the column values of a state, in stateCols order.
func (st *state) values() []any {
	return []any{st.Brand, st.Domain, int64(st.First), int64(st.Last), st.Unicode, st.Registrable, join(st.Fuzzers),
		st.Status, st.Reason, st.Verdict, st.Risk, b2i(st.Mail),
		join(st.NS), join(st.A), join(st.AAAA), join(st.MX), join(st.CNAME), st.Registrar, st.Created}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// same reports whether two observations would be stored alike.
func same(a, b *Observation) bool {
	return a.Unicode == b.Unicode && a.Registrable == b.Registrable && join(a.Fuzzers) == join(b.Fuzzers) &&
		a.Status == b.Status && a.Reason == b.Reason && a.Verdict == b.Verdict && a.Risk == b.Risk &&
		a.Mail == b.Mail && join(a.NS) == join(b.NS) && join(a.A) == join(b.A) && join(a.AAAA) == join(b.AAAA) &&
		join(a.MX) == join(b.MX) && join(a.CNAME) == join(b.CNAME) && a.Registrar == b.Registrar && a.Created == b.Created
}

// plan is what one batch does to the states table.
type plan struct {
	extend  []state // Last moves to the run
	cut     []state // Last moves back to the run before (a shard run again saw something else)
	replace []state // the run's own state, rewritten in place
	insert  []state
}

// planBatch decides, for observations of one brand made in run, what each
// does to its name's states. latest holds each name's latest state that
// started at or before run; prev is the run of the brand before run.
func planBatch(run, prev RunID, obs []Observation, latest map[string]state) plan {
	var p plan
	for _, o := range obs {
		cur, ok := latest[o.Domain]
		next := state{Observation: o, First: run, Last: run}
		switch {
		case !ok:
			p.insert = append(p.insert, next)
		case cur.Last >= run: // the run saw the name already: a shard run again, or a name added twice
			switch {
			case same(&cur.Observation, &o):
			case cur.First == run:
				next.Last = cur.Last
				p.replace = append(p.replace, next)
			default:
				cur.Last = prev
				p.cut = append(p.cut, cur)
				p.insert = append(p.insert, next)
			}
		case cur.Last == prev && same(&cur.Observation, &o):
			cur.Last = run
			p.extend = append(p.extend, cur)
		default:
			p.insert = append(p.insert, next)
		}
	}
	return p
}

// WriteBatch stores observations of a run in one transaction. An observation
// of a brand the run did not name at BeginRun adds the brand to the run, so
// that Runs and Changes find it.
func (s *DB) WriteBatch(run RunID, obs []Observation) error {
	if err := s.writable("write run"); err != nil {
		return err
	}
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Per brand, last one wins for a name given twice (as INSERT OR REPLACE
	// did in schema 1).
	byBrand := map[string][]Observation{}
	var order []string
	index := map[string]int{}
	for _, o := range obs {
		key := o.Brand + " " + o.Domain
		if i, ok := index[key]; ok {
			byBrand[o.Brand][i] = o
			continue
		}
		if _, ok := byBrand[o.Brand]; !ok {
			order = append(order, o.Brand)
		}
		index[key] = len(byBrand[o.Brand])
		byBrand[o.Brand] = append(byBrand[o.Brand], o)
	}
	for _, brand := range order {
		bobs := byBrand[brand]
		if _, err := tx.Exec(s.q(`INSERT INTO run_brands (run, brand) VALUES (?, ?) ON CONFLICT DO NOTHING`), run, brand); err != nil {
			return err
		}
		var prev sql.NullInt64
		if err := tx.QueryRow(s.q(`SELECT max(run) FROM run_brands WHERE brand = ? AND run < ?`), brand, run).Scan(&prev); err != nil {
			return err
		}
		latest, err := s.latestStates(ctx, tx, brand, bobs, run)
		if err != nil {
			return err
		}
		if err := s.apply(ctx, tx, run, planBatch(run, RunID(prev.Int64), bobs, latest)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// latestStates reads, for each name of obs, its latest state that started at
// or before run.
func (s *DB) latestStates(ctx context.Context, tx *sql.Tx, brand string, obs []Observation, run RunID) (map[string]state, error) {
	domains := make([]string, len(obs))
	for i, o := range obs {
		domains[i] = o.Domain
	}
	var in string
	var arg any
	if s.dialect == postgresDialect {
		in, arg = `= ANY(?)`, domains
	} else {
		js, err := json.Marshal(domains)
		if err != nil {
			return nil, err
		}
		in, arg = `IN (SELECT value FROM json_each(?))`, string(js)
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT `+stateCols+` FROM states s
		WHERE s.brand = ? AND s.domain `+in+` AND s.first_run = (
			SELECT max(first_run) FROM states l WHERE l.brand = s.brand AND l.domain = s.domain AND l.first_run <= ?)`),
		brand, arg, run)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]state, len(obs))
	for rows.Next() {
		st, err := scanState(rows)
		if err != nil {
			return nil, err
		}
		out[st.Domain] = st
	}
	return out, rows.Err()
}

func (s *DB) apply(ctx context.Context, tx *sql.Tx, run RunID, p plan) error {
	setLast := func(sts []state) error {
		if len(sts) == 0 {
			return nil
		}
		if s.dialect == postgresDialect {
			// One statement for the whole batch: a round trip per name would
			// cost more than the write.
			domains, firsts, lasts := make([]string, len(sts)), make([]int64, len(sts)), make([]int64, len(sts))
			for i, st := range sts {
				domains[i], firsts[i], lasts[i] = st.Domain, int64(st.First), int64(st.Last)
			}
			_, err := tx.ExecContext(ctx, `UPDATE states s SET last_run = u.last_run
				FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(domain, first_run, last_run)
				WHERE s.brand = $4 AND s.domain = u.domain AND s.first_run = u.first_run`,
				domains, firsts, lasts, sts[0].Brand)
			return err
		}
		up, err := tx.PrepareContext(ctx, `UPDATE states SET last_run = ? WHERE brand = ? AND domain = ? AND first_run = ?`)
		if err != nil {
			return err
		}
		defer up.Close()
		for _, st := range sts {
			if _, err := up.ExecContext(ctx, st.Last, st.Brand, st.Domain, st.First); err != nil {
				return fmt.Errorf("store %s: %w", st.Domain, err)
			}
		}
		return nil
	}
	if err := setLast(p.extend); err != nil {
		return err
	}
	if err := setLast(p.cut); err != nil {
		return err
	}
	for _, st := range p.replace {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM states WHERE brand = ? AND domain = ? AND first_run = ?`),
			st.Brand, st.Domain, st.First); err != nil {
			return fmt.Errorf("store %s: %w", st.Domain, err)
		}
	}
	return s.insertStates(ctx, tx, append(p.replace, p.insert...))
}

// insertStates adds states: on PostgreSQL in one statement of arrays (the
// rows/s figure in docs/BENCHMARKS.md), on SQLite through one prepared
// statement, which in-process is as fast.
func (s *DB) insertStates(ctx context.Context, tx *sql.Tx, sts []state) error {
	if len(sts) == 0 {
		return nil
	}
	cols := strings.Split(stateCols, ",")
	if s.dialect == postgresDialect {
		arrays := make([]any, len(cols))
		for c := range cols {
			switch c {
			case 2, 3, 10, 11:
				vals := make([]int64, len(sts))
				for i := range sts {
					vals[i] = toInt64(sts[i].values()[c])
				}
				arrays[c] = vals
			default:
				vals := make([]string, len(sts))
				for i := range sts {
					vals[i] = sts[i].values()[c].(string)
				}
				arrays[c] = vals
			}
		}
		var ph []string
		for c := range cols {
			typ := "text[]"
			switch c {
			case 2, 3:
				typ = "bigint[]"
			case 10, 11:
				typ = "int[]"
			}
			ph = append(ph, fmt.Sprintf("$%d::%s", c+1, typ))
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO states (`+stateCols+`) SELECT * FROM unnest(`+strings.Join(ph, ", ")+`)`, arrays...)
		return err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO states (`+stateCols+`) VALUES (`+strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")+`)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for i := range sts {
		if _, err := ins.ExecContext(ctx, sts[i].values()...); err != nil {
			return fmt.Errorf("store %s: %w", sts[i].Domain, err)
		}
	}
	return nil
}

func toInt64(v any) int64 {
	switch n := v.(type) {
	case int:
		return int64(n)
	case int64:
		return n
	}
	panic(fmt.Sprintf("history: %T is no integer column", v))
}

// Observations returns what run stored for brand, ordered by domain: the
// raw material of a report rebuilt from history.
func (s *DB) Observations(run RunID, brand string) ([]Observation, error) {
	rows, err := s.db.Query(s.q(`SELECT `+stateCols+` FROM states
		WHERE brand = ? AND first_run <= ? AND last_run >= ? ORDER BY domain`), normBrand(brand), run, run)
	if err != nil {
		return nil, fmt.Errorf("read run %d from %s: %w", run, s.path, err)
	}
	defer rows.Close()
	var out []Observation
	for rows.Next() {
		st, err := scanState(rows)
		if err != nil {
			return nil, fmt.Errorf("read run %d from %s: %w", run, s.path, err)
		}
		out = append(out, st.Observation)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read run %d from %s: %w", run, s.path, err)
	}
	return out, nil
}

// Changes lists what changed for brand between run and since.
//
// run 0 means the latest complete run of the brand. since 0 means the complete
// run of the brand before run; ErrNoBaseline when there is none (the first
// run). An incomplete run may be compared (a run being written, say) but is
// never a baseline, and neither its known results nor its unknown ones count
// as anybody's last known state.
//
// Each name of run is compared as Compare says, after two substitutions: an
// unknown result in run is replaced by the name's last known state before run,
// and the before state is the name's last known state in since or earlier. A
// name that no complete run up to since had scanned is new to the watch list,
// not a change.
func (s *DB) Changes(brand string, run, since RunID) ([]Change, error) {
	brand = normBrand(brand)
	if brand == "" {
		return nil, fmt.Errorf("changes: name a brand")
	}
	runs, err := s.Runs(brand)
	if err != nil {
		return nil, err
	}
	target, base, err := pickRuns(runs, brand, run, since)
	if err != nil {
		return nil, err
	}
	var complete []RunID
	for _, r := range runs {
		if r.Complete {
			complete = append(complete, r.ID)
		}
	}
	// lastComplete is the latest complete run of the brand in [lo, hi], or 0.
	lastComplete := func(lo, hi RunID) RunID {
		i := sort.Search(len(complete), func(i int) bool { return complete[i] > hi })
		if i > 0 && complete[i-1] >= lo {
			return complete[i-1]
		}
		return 0
	}
	rows, err := s.db.Query(s.q(`SELECT `+stateCols+` FROM states WHERE brand = ? AND first_run <= ? ORDER BY domain, first_run`),
		brand, target)
	if err != nil {
		return nil, fmt.Errorf("changes for %s in %s: %w", brand, s.path, err)
	}
	defer rows.Close()
	out := []Change{}
	var name []state
	flush := func() {
		out = append(out, nameChanges(name, target, base, lastComplete)...)
		name = name[:0]
	}
	for rows.Next() {
		st, err := scanState(rows)
		if err != nil {
			return nil, fmt.Errorf("changes for %s in %s: %w", brand, s.path, err)
		}
		if len(name) > 0 && name[0].Domain != st.Domain {
			flush()
		}
		name = append(name, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("changes for %s in %s: %w", brand, s.path, err)
	}
	flush()
	SortChanges(out)
	return out, nil
}

// nameChanges compares one name's state in run with its last known state in
// since or before; states are the name's, oldest first.
func nameChanges(states []state, run, since RunID, lastComplete func(lo, hi RunID) RunID) []Change {
	var (
		t          *state
		b, f       *state
		bRun, fRun RunID
		seen       bool
	)
	for i := range states {
		st := &states[i]
		if st.First <= run && run <= st.Last {
			t = st
		}
		at := lastComplete(st.First, min(st.Last, since))
		if at != 0 {
			seen = true
			if st.Known() && at > bRun {
				b, bRun = st, at
			}
		}
		if at := lastComplete(st.First, min(st.Last, run-1)); at != 0 && st.Known() && at > fRun {
			f, fRun = st, at
		}
	}
	if t == nil {
		return nil // not scanned in run
	}
	var after, before *Observation
	afterRun, beforeRun := run, RunID(0)
	switch {
	case t.Known():
		after = &t.Observation
	case f != nil:
		ff := f.Observation
		after, afterRun = &ff, fRun
		// The name was unknown tonight; show what is known of it now.
		after.Unicode = firstNonEmpty(t.Unicode, after.Unicode)
	default:
		return nil // never known: nothing to compare
	}
	if b != nil {
		before, beforeRun = &b.Observation, bRun
		if afterRun == beforeRun {
			return nil // unknown tonight, and the baseline state is all we know
		}
	} else if !seen {
		return nil // not watched before: new on the list, not a change
	}
	cs := Compare(before, *after)
	for i := range cs {
		cs[i].Run, cs[i].BeforeRun = run, beforeRun
	}
	return cs
}
