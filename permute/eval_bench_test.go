package permute

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/names"
)

// realSetPath is the shared list of real attacker-registered lookalikes
// (brand, domain, class, subclass, sources). It lives outside the repository
// and is read in place; LOOKALIKE_REAL_SET points elsewhere.
func realSetPath() string {
	if p := os.Getenv("LOOKALIKE_REAL_SET"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "shared", "data", "lookalikes-real-dev.tsv")
}

type realRow struct{ brand, domain, class, subclass string }

func readRealSet(tb testing.TB) []realRow {
	tb.Helper()
	f, err := os.Open(realSetPath())
	if err != nil {
		tb.Skipf("no real lookalike set (%v); set LOOKALIKE_REAL_SET", err)
	}
	defer f.Close()
	var rows []realRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) < 4 {
			continue
		}
		rows = append(rows, realRow{c[0], c[1], c[2], c[3]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows
}

// BenchmarkRecall measures, for the default generator, which share of real
// attacker-registered lookalikes it contains, by class and subclass, and how
// many names it makes per brand. It is a measurement, not a test: nothing is
// pinned to a name. Run: scripts/eval-generate.sh (or
// go test -run '^$' -bench Recall -benchtime 1x ./permute).
func BenchmarkRecall(b *testing.B) {
	rows := readRealSet(b)
	for b.Loop() {
		g, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		out := evalRecall(b, g, rows)
		b.StopTimer()
		fmt.Print(out)
		b.StartTimer()
	}
}

func evalRecall(tb testing.TB, g *Generator, rows []realRow) string {
	byBrand := map[string][]realRow{}
	for _, r := range rows {
		byBrand[r.brand] = append(byBrand[r.brand], r)
	}
	brands := make([]string, 0, len(byBrand))
	for k := range byBrand {
		brands = append(brands, k)
	}
	sort.Strings(brands)
	type tally struct{ hit, all int }
	class, sub := map[string]*tally{}, map[string]*tally{}
	count := func(m map[string]*tally, k string, hit bool) {
		t := m[k]
		if t == nil {
			t = &tally{}
			m[k] = t
		}
		t.all++
		if hit {
			t.hit++
		}
	}
	var counts []int
	total := tally{}
	var sb strings.Builder
	perBrand := map[string]int{}
	var misses *os.File
	if p := os.Getenv("LOOKALIKE_EVAL_MISSES"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			tb.Fatal(err)
		}
		defer f.Close()
		misses = f
	}
	for _, bd := range brands {
		brand, err := ParseBrand(bd)
		if err != nil {
			tb.Logf("brand %s: %v", bd, err)
			continue
		}
		seq, err := g.Generate(brand)
		if err != nil {
			tb.Fatal(err)
		}
		have := map[string]bool{}
		n := 0
		for c := range seq {
			n++
			if reg, _, ok := names.Registrable(c.Domain); ok {
				have[reg] = true
			}
		}
		counts = append(counts, n)
		perBrand[bd] = n
		for _, r := range byBrand[bd] {
			hit := have[r.domain]
			if !hit && misses != nil {
				fmt.Fprintf(misses, "%s\t%s\t%s\t%s\n", r.brand, r.domain, r.class, r.subclass)
			}
			count(class, r.class, hit)
			count(sub, r.class+"/"+r.subclass, hit)
			total.all++
			if hit {
				total.hit++
			}
		}
	}
	pct := func(t *tally) string {
		return fmt.Sprintf("%6d/%-6d %5.1f %%", t.hit, t.all, 100*float64(t.hit)/float64(max(t.all, 1)))
	}
	fmt.Fprintf(&sb, "recall of %s, default generator, %d brands\n", filepath.Base(realSetPath()), len(counts))
	for _, m := range []map[string]*tally{class, sub} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&sb, "  %-28s %s\n", k, pct(m[k]))
		}
	}
	fmt.Fprintf(&sb, "  %-28s %s\n", "all", pct(&total))
	slices.Sort(counts)
	sum := 0
	for _, c := range counts {
		sum += c
	}
	if len(counts) > 0 {
		fmt.Fprintf(&sb, "names per brand: min %d, median %d, mean %d, max %d\n", counts[0], counts[len(counts)/2], sum/len(counts), counts[len(counts)-1])
	}
	if os.Getenv("LOOKALIKE_EVAL_BRANDS") != "" {
		for _, bd := range brands {
			fmt.Fprintf(&sb, "  %-24s %d\n", bd, perBrand[bd])
		}
	}
	return sb.String()
}

// BenchmarkDefaultCounts prints the default set's size for the brands of
// docs/BENCHMARKS.md, and how many of the names the registry does not sell
// today (Candidate.Unavailable). Run:
// go test -run '^$' -bench DefaultCounts -benchtime 1x ./permute
func BenchmarkDefaultCounts(b *testing.B) {
	g, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, d := range []string{"airfrance.fr", "paypal.com", "microsoft.com", "google.com", "example.co.uk", "apple.com", "пример.рф"} {
			brand, err := ParseBrand(d)
			if err != nil {
				b.Fatal(err)
			}
			n, err := g.Count(brand)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			fmt.Printf("%-16s %7d names\n", d, n)
			b.StartTimer()
		}
	}
}
