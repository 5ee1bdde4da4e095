package history

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkChanges diffs a 20,000-name brand against a history of ten runs.
func BenchmarkChanges(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "state.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const names, runs = 20000, 10
	var last RunID
	for k := range runs {
		r, err := s.BeginRun([]string{"brand.fr"}, "")
		if err != nil {
			b.Fatal(err)
		}
		for i := range names {
			o := unreg(fmt.Sprintf("n%05d.fr", i))
			switch {
			case i%10 == 0:
				o = reg(o.Domain, "third-party", withA(fmt.Sprintf("192.0.2.%d", (i+k)%256)))
			case (i+k)%7 == 0:
				o = unknown(o.Domain)
			}
			if err := r.Add(o); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.Finish(r.Counts()); err != nil {
			b.Fatal(err)
		}
		last = r.ID
	}
	for b.Loop() {
		if _, err := s.Changes("brand.fr", last, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// nightObs is night k of a simulated 16,022-name brand (airfrance.fr's
// default set is that size): 20 registered names, about 120 unknown ones
// that differ from night to night (a flaky TLD), and three names a night that
// change (registered, or their addresses move).
func nightObs(k int) []Observation {
	const names = 16022
	out := make([]Observation, 0, names)
	for i := range names {
		d := fmt.Sprintf("airfrance-%05d.fr", i)
		o := Observation{Brand: "airfrance.fr", Domain: d, Unicode: d, Registrable: d,
			Fuzzers: []string{"combo", "tld-swap"}, Status: StatusUnregistered, Verdict: "defend", Risk: 40 + i%30}
		switch {
		case i < 20 || (i >= 1000 && i < 1000+3*k): // registered, and three more each night
			o.Status, o.Reason, o.Verdict, o.Risk = StatusRegistered, "delegation", "third-party", 80
			o.NS = []string{"ns1.host.example", "ns2.host.example"}
			o.A = []string{fmt.Sprintf("192.0.2.%d", i%250)}
			if i < 5 {
				o.A = []string{fmt.Sprintf("198.51.100.%d", k)} // moves every night
			}
			o.MX = []string{"mail." + d}
			o.Mail = true
		case (i+k)%133 == 0:
			o.Status, o.Reason, o.Verdict = StatusUnknown, "timeout", "unknown"
		}
		out = append(out, o)
	}
	return out
}

// BenchmarkThirtyNights records 30 nights of nightObs and reports the size
// of the store: bytes of the SQLite file (or of PostgreSQL's tables), and
// bytes per name-night. With LOOKALIKE_TEST_POSTGRES set, the PostgreSQL
// half also reports rows/s of the first night (every row new) and of the
// later ones (almost every row unchanged).
//
//	go test ./history -run '^$' -bench ThirtyNights -benchtime 1x
func BenchmarkThirtyNights(b *testing.B) {
	for _, be := range []struct {
		name string
		open opener
	}{{"sqlite", openTemp}, {"postgres", openPostgresTemp}} {
		b.Run(be.name, func(b *testing.B) {
			if be.name == "postgres" && os.Getenv(pgEnv) == "" {
				b.Skipf("%s unset", pgEnv)
			}
			for b.Loop() {
				s := be.open(b)
				var firstDur, restDur time.Duration
				var firstRows, restRows int
				for k := range 30 {
					obs := nightObs(k)
					r, err := s.BeginRun([]string{"airfrance.fr"}, "bench")
					if err != nil {
						b.Fatal(err)
					}
					start := time.Now()
					if err := r.Add(obs...); err != nil {
						b.Fatal(err)
					}
					if err := r.Finish(r.Counts()); err != nil {
						b.Fatal(err)
					}
					if k == 0 {
						firstDur, firstRows = time.Since(start), len(obs)
					} else {
						restDur += time.Since(start)
						restRows += len(obs)
					}
				}
				size := storeSize(b, s)
				b.ReportMetric(float64(size), "bytes")
				b.ReportMetric(float64(size)/(30*16022), "bytes/name-night")
				b.ReportMetric(float64(countStatesB(b, s)), "states")
				b.ReportMetric(float64(firstRows)/firstDur.Seconds(), "rows/s-first")
				b.ReportMetric(float64(restRows)/restDur.Seconds(), "rows/s-later")
				s.Close()
			}
		})
	}
}

func countStatesB(b *testing.B, s *DB) int {
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM states`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// storeSize is the store's size on disk: the SQLite file after a checkpoint,
// or the PostgreSQL tables with their indexes and TOAST.
func storeSize(b *testing.B, s *DB) int64 {
	if s.dialect == postgresDialect {
		var n int64
		if err := s.db.QueryRow(`SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c
			JOIN pg_namespace ns ON ns.oid = c.relnamespace
			WHERE ns.nspname = current_schema() AND c.relkind = 'r'`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		return n
	}
	if _, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(s.path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}
