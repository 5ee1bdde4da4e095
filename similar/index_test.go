package similar

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lookalike/lookalike/wordlists"
)

// TestIndexAgreesWithJudge checks the index against brand-by-brand
// judgement: every brand the slow way finds for a name, the index finds too
// (up to the pigeonhole gap doc'd on Index), and never one the slow way does not.
func TestIndexAgreesWithJudge(t *testing.T) {
	rows := readRealDevOrSynthetic(t)
	set := map[string]bool{}
	for _, r := range rows {
		set[r.brand] = true
	}
	for _, d := range commonBrands {
		set[d] = true
	}
	var domains []string
	for d := range set {
		domains = append(domains, d)
	}
	sort.Strings(domains)
	brands := brandsOf(t, domains)
	ix := NewIndex(brands)
	var s Scratch
	slow, missed := 0, 0
	for _, r := range rows {
		want := map[string]bool{}
		n, ok := ParseName(r.domain)
		if !ok {
			continue
		}
		for _, b := range brands {
			if _, ok := b.JudgeName(n); ok {
				want[b.Domain] = true
			}
		}
		got := map[string]bool{}
		for _, m := range ix.MatchName(&s, n, nil) {
			got[m.Brand] = true
			if !want[m.Brand] {
				t.Errorf("%s: index matched %s, brand-by-brand judgement did not", r.domain, m.Brand)
			}
		}
		for b := range want {
			slow++
			if !got[b] {
				missed++
				if testing.Verbose() {
					t.Logf("index missed %s for %s", r.domain, b)
				}
			}
		}
	}
	t.Logf("index found %d of %d brand matches (%.2f %% missed)", slow-missed, slow, pct(missed, slow))
	// A share is a fair bar on the real set (thousands of matches); on the
	// small synthetic set that stands in without ../shared, one miss would
	// already be several per cent, so there at most one miss is allowed.
	switch {
	case slow >= 1000 && pct(missed, slow) > 0.5:
		t.Errorf("index missed %.2f %% of the brand-by-brand matches, want at most 0.5 %%", pct(missed, slow))
	case slow < 1000 && missed > 1:
		t.Errorf("index missed %d of %d brand-by-brand matches on the synthetic set, want at most 1", missed, slow)
	}
}

// readRealDevOrSynthetic is the real set when present, else lookalikes made
// here, so the agreement test runs everywhere.
func readRealDevOrSynthetic(t *testing.T) []realRow {
	if rows := tryRealDev(); rows != nil {
		return rows
	}
	var rows []realRow
	for _, b := range []string{"discord.com", "telegram.org", "steamcommunity.com", "paypal.com"} {
		l, _, _ := strings.Cut(b, ".")
		for _, d := range []string{l + ".xyz", l + "-gift.com", "www" + l + ".net", l[:2] + l[3:] + ".com", l[1:] + "x.org", "my" + l + "login.com"} {
			rows = append(rows, realRow{b, d, "synthetic", ""})
		}
	}
	return rows
}

// syntheticBrands are n brand domains for the benchmarks, made the way
// brand names are: a third English words of 5+ letters (target, booking),
// a third two-word compounds (bluefox), a third made-up syllables (kalumi).
func syntheticBrands(n int) []string {
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
	tlds := []string{"com", "net", "de", "fr", "co.uk", "io"}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var b strings.Builder
		switch len(out) % 3 {
		case 0:
			b.WriteString(word())
		case 1:
			b.WriteString(word()[:4] + word()[:4])
		default:
			for k := 2 + r.IntN(3); k > 0; k-- {
				b.WriteString(syl[r.IntN(len(syl))])
			}
		}
		d := b.String() + "." + tlds[r.IntN(len(tlds))]
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

// observedStream is a zone-like stream of registrable domains: English
// compounds, random letters and digits, a few lookalikes.
func observedStream(n int) []string {
	r := rand.New(rand.NewPCG(3, 4))
	words := wordlists.EnglishWords()
	out := make([]string, n)
	for i := range out {
		var l string
		switch r.IntN(4) {
		case 0:
			l = words[r.IntN(len(words))] + words[r.IntN(len(words))]
		case 1:
			l = words[r.IntN(len(words))] + "-" + words[r.IntN(len(words))]
		case 2:
			b := make([]byte, 5+r.IntN(10))
			for j := range b {
				b[j] = "abcdefghijklmnopqrstuvwxyz0123456789"[r.IntN(36)]
			}
			l = string(b)
		default:
			l = words[r.IntN(len(words))] + fmt.Sprint(r.IntN(100))
		}
		out[i] = l
	}
	return out
}

func tryRealDev() (rows []realRow) {
	defer func() { recover() }()
	return readRealDev(skipper{})
}

// skipper lets readRealDev be called outside a test: a skip panics.
type skipper struct{ testing.TB }

func (skipper) Skipf(string, ...any) { panic("skip") }

func benchIndex(b *testing.B, nbrands int) (*Index, []string) {
	b.Helper()
	domains := syntheticBrands(nbrands)
	var brands []*Brand
	for _, d := range domains {
		brands = append(brands, MustBrand(d))
	}
	return NewIndex(brands), observedStream(1 << 16)
}

// BenchmarkIndex is the matcher's core: one observed registrable domain
// (already cut, as a zone file gives them) against 1,000 or 10,000 brands.
func BenchmarkIndex(b *testing.B) {
	for _, nb := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("brands=%d", nb), func(b *testing.B) {
			ix, labels := benchIndex(b, nb)
			domains := make([]string, len(labels)) // as a zone reader hands them over
			for i, l := range labels {
				domains[i] = l + ".com"
			}
			var s Scratch
			var out []Match
			matches := 0
			b.ResetTimer()
			cpu0 := cpuTime()
			for i := 0; i < b.N; i++ {
				d := domains[i&(len(domains)-1)]
				out = ix.Match(&s, d, d, "com", out[:0])
				matches += len(out)
			}
			cpu := cpuTime() - cpu0
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "names/s")
			// On a shared, loaded machine the wall clock counts the time
			// other processes hold the core; the process's own CPU time
			// does not.
			b.ReportMetric(float64(b.N)/cpu.Seconds(), "names/cpu-s")
			b.ReportMetric(float64(matches)/float64(b.N), "matches/name")
		})
	}
}

// TestAlign checks the index's anchored edit count against osa, the
// judgement's: for the whole of t, for its best prefix, and for its best
// prefix of some least length, on random short strings over a small
// alphabet, where edits crowd.
func TestAlign(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	word := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc"[r.IntN(3)]
		}
		return b
	}
	for _, tc := range []struct {
		name string
		need func(n int) int
	}{
		{"whole", func(n int) int { return n }},
		{"prefix", func(int) int { return 0 }},
		{"least", func(n int) int { return r.IntN(n + 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := 0; i < 20000; i++ {
				p, s := word(r.IntN(8)), word(r.IntN(10))
				k, need := r.IntN(4), tc.need(len(s))
				want := k + 1
				for j := need; j <= len(s); j++ {
					want = min(want, osa(p, s[:j], 100))
				}
				if got := align(p, s, k, need); got != want {
					t.Fatalf("align(%q, %q, %d, %d) = %d, want %d", p, s, k, need, got, want)
				}
			}
		})
	}
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestIndexCases checks the index against brand-by-brand judgement on names
// made for each way the index finds a brand: whole, anchored at an edge,
// crossing a hyphen, with Unicode letters.
func TestIndexCases(t *testing.T) {
	few := brandsOf(t, []string{"x.com", "bt.com", "o2.co.uk", "apple.com", "discord.com",
		"telegram.org", "myetherwallet.com", "steamcommunity.com", "airfrance.fr", "hsbc.com"})
	// With few brands the index reads its anchored lists whole; with many,
	// by key.
	many := append(brandsOf(t, syntheticBrands(1000)), few...)
	for _, brands := range [][]*Brand{few, many} {
		t.Run(fmt.Sprintf("brands=%d", len(brands)), func(t *testing.T) { indexCases(t, brands) })
	}
}

func indexCases(t *testing.T, brands []*Brand) {
	ix := NewIndex(brands)
	for _, tc := range []struct{ name, domain, want string }{
		{"one-letter brand", "x-login.com", ""},
		{"two-letter brand", "bt-broadband.net", "bt.com"},
		{"digit brand", "o2-billing.com", "o2.co.uk"},
		{"deletion as short as it gets", "aple.net", "apple.com"},
		{"whole typo one edit", "dlscord.gg", "discord.com"},
		{"whole typo two edits", "telgeram.xyz", "telegram.org"},
		{"whole typo three edits", "stemcomunty.ru", "steamcommunity.com"},
		{"typo starting the label", "dscordnitro.xyz", "discord.com"},
		{"typo ending the label", "webtellegram.com", "telegram.org"},
		{"typo ending a part", "free-dlscord.com", "discord.com"},
		{"typo starting a later part", "get-dicsord-nitro.com", "discord.com"},
		{"typo across a hyphen", "my-ether-walet.com", "myetherwallet.com"},
		{"unicode letters", "xn--dscord-b5a.com", ""},
		{"nothing", "gardenhose.com", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, ok := ParseName(tc.domain)
			if !ok {
				t.Fatalf("%s: not a name", tc.domain)
			}
			want := map[string]bool{}
			for _, b := range brands {
				if _, ok := b.JudgeName(n); ok {
					want[b.Domain] = true
				}
			}
			if tc.want != "" && !want[tc.want] {
				t.Errorf("%s: the judgement does not match %s (the case is wrong)", tc.domain, tc.want)
			}
			var s Scratch
			got := map[string]bool{}
			for _, m := range ix.MatchName(&s, n, nil) {
				got[m.Brand] = true
			}
			for b := range want {
				if !got[b] {
					t.Errorf("%s: index missed %s", tc.domain, b)
				}
			}
			for b := range got {
				if !want[b] {
					t.Errorf("%s: index matched %s, the judgement did not", tc.domain, b)
				}
			}
		})
	}
}
