package match

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	ct "github.com/google/certificate-transparency-go"
	"github.com/lookalike/lookalike/similar"
	"github.com/lookalike/lookalike/wordlists"
)

// benchBrands are the 1,000 brands of the benchmarks: the zone test's six
// and made-up ones (English words, compounds, syllables), as in package
// similar's BenchmarkIndex.
func benchBrands(b *testing.B, n int) *similar.Index {
	r := rand.New(rand.NewPCG(1, 2))
	words := wordlists.EnglishWords()
	word := func() string {
		for {
			if w := words[r.IntN(len(words))]; len(w) >= 5 && len(w) <= 9 {
				return w
			}
		}
	}
	syl := []string{"ka", "ro", "mi", "zen", "tor", "vex", "lu", "na", "qui", "bar", "sol", "dri", "fa", "po", "lex", "ta", "ny", "gor", "bel", "ix"}
	seen := map[string]bool{}
	var bs []*similar.Brand
	for _, d := range zoneBrands {
		seen[d] = true
		bs = append(bs, similar.MustBrand(d))
	}
	for i := 0; len(bs) < n; i++ {
		var l string
		switch i % 3 {
		case 0:
			l = word()
		case 1:
			l = word()[:4] + word()[:4]
		default:
			for k := 2 + r.IntN(3); k > 0; k-- {
				l += syl[r.IntN(len(syl))]
			}
		}
		d := l + "." + []string{"com", "net", "de", "fr", "co.uk", "io"}[r.IntN(6)]
		if !seen[d] {
			seen[d] = true
			bs = append(bs, similar.MustBrand(d))
		}
	}
	return similar.NewIndex(bs)
}

// writeZone writes a synthetic .com zone of about lines lines (2 or 3 NS a
// delegation) to a file and returns its path and the delegations written.
func writeZone(b *testing.B, lines int) (string, int) {
	path := filepath.Join(b.TempDir(), "com.zone")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	data, _ := syntheticZone(2000) // the header, planted names and some benign ones
	w.Write(data)
	r := rand.New(rand.NewPCG(9, 10))
	words := wordlists.EnglishWords()
	n, deleg := 0, 0
	for n < lines {
		var l string
		switch deleg % 3 {
		case 0:
			l = words[r.IntN(len(words))] + words[r.IntN(len(words))]
		case 1:
			l = words[r.IntN(len(words))] + "-" + strconv.Itoa(deleg)
		default:
			l = "x" + strconv.FormatUint(r.Uint64()%1e12, 36)
		}
		deleg++
		k := 2 + deleg%2
		for j := 0; j < k; j++ {
			fmt.Fprintf(w, "%s NS ns%d.hosting%d.net.\n", l, j+1, deleg%50)
		}
		n += k
	}
	w.Flush()
	f.Close()
	return path, deleg
}

// BenchmarkZone is a zone-file sized stream through Run: miekg/dns's
// parser, the cut, the index. LOOKALIKE_BENCH_LINES sets the lines (1M by
// default; 10M for BENCHMARKS.md); each iteration reads the whole file.
func BenchmarkZone(b *testing.B) {
	lines := 1_000_000
	if s := os.Getenv("LOOKALIKE_BENCH_LINES"); s != "" {
		lines, _ = strconv.Atoi(s)
	}
	ix := benchBrands(b, 1000)
	path, _ := writeZone(b, lines)
	// The reference beside it: the zone parser alone, no matching.
	b.Run("parse-only", func(b *testing.B) {
		var observed int64
		for i := 0; i < b.N; i++ {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			observed = 0
			err = Zone(path, f, "com").Read(context.Background(), func(Observed) error { observed++; return nil }, func(Junk) {})
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
		}
		sec := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(float64(lines)/sec, "lines/s")
		b.ReportMetric(float64(observed)/sec, "names/s")
	})
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var observed, matched int64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				f, err := os.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				st, err := Run(context.Background(), Options{Index: ix, Workers: workers,
					Sources: []Source{Zone(path, f, "com")}}, func(Result) error { return nil })
				f.Close()
				if err != nil {
					b.Fatal(err)
				}
				observed, matched = st.Observed, st.Matched
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(lines)/sec, "lines/s")
			b.ReportMetric(float64(observed)/sec, "names/s")
			b.ReportMetric(float64(matched), "matches")
		})
	}
}

// BenchmarkCT reads a batch of certificates (LOOKALIKE_BENCH_CERTS, 100k
// by default) from an in-process log, 1,000 entries a request, with no
// rate limit: parsing the leaves and certificates, the cut, the index.
func BenchmarkCT(b *testing.B) {
	n := 100_000
	if s := os.Getenv("LOOKALIKE_BENCH_CERTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	ix := benchBrands(b, 1000)
	m := newCertMaker(b)
	r := rand.New(rand.NewPCG(11, 12))
	words := wordlists.EnglishWords()
	// A few hundred distinct certificates, repeated: signing 100k would
	// time the test's key, not the reader.
	var distinct []ct.LeafEntry
	for i := 0; i < 500; i++ {
		l := words[r.IntN(len(words))] + words[r.IntN(len(words))]
		if i%50 == 0 {
			l = "paypal-" + l
		}
		e := m.x509Entry(l+".com", l+".com", "www."+l+".com", "*.api."+l+".net")
		if i%2 == 1 {
			e = m.precertEntry(l+".com", l+".com", "mail."+l+".com")
		}
		distinct = append(distinct, e)
	}
	l := &testLog{maxBatch: 1000, fail429: map[int]bool{}}
	for i := 0; i < n; i++ {
		l.entries = append(l.entries, distinct[i%len(distinct)])
	}
	srv := httptest.NewServer(l)
	defer srv.Close()
	var observed int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := Run(context.Background(), Options{Index: ix, Workers: 0, Sources: []Source{
			CT(CTOptions{URL: srv.URL, Rate: 1e6, Batch: 1000, Backoff: time.Millisecond})}}, func(Result) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		observed = st.Observed
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(n)/sec, "certs/s")
	b.ReportMetric(float64(observed)/sec, "names/s")
}
