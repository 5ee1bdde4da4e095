package judge

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/internal/golden"
	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// defendFindings generates brand's default candidates and judges each as
// unregistered, the way a scan's defend list holds them.
func defendFindings(tb testing.TB, g *permute.Generator, b permute.Brand) []Finding {
	tb.Helper()
	seq, err := g.Generate(b)
	if err != nil {
		tb.Fatal(err)
	}
	p := NewProfile(b, resolve.Result{}, "", nil, nil, nil)
	var fs []Finding
	for c := range seq {
		reg, _, _ := names.Registrable(c.Domain)
		fs = append(fs, Judge(p, resolve.Result{Candidate: c, Registrable: reg, Status: resolve.Unregistered}, testNow))
	}
	return fs
}

func TestPriorOrder(t *testing.T) {
	// Each pair: the first name must rank above the second.
	tests := []struct {
		name, brand, likelier, lesser string
	}{
		{"typo before a long combo under a rare TLD", "amazon.com", "amzon.com", "amazon-account-verification.lol"},
		{"typo before a combo under the own suffix", "facebook.com", "facebok.com", "facebook-help.com"},
		{"swapped letters before a core combo", "netflix.com", "netlfix.com", "netflix-login.com"},
		{"lookalike before a typo", "paypal.com", "paypa1.com", "paypl.com"},
		{"typo under .com before a typo under .top", "paypal.com", "paypl.com", "paypl.top"},
		{"typo under .top before a typo under a rare TLD", "paypal.com", "paypl.top", "paypl.quest"},
		{"own suffix before .com for a ccTLD brand", "commbank.com.au", "comnbank.com.au", "comnbank.com"},
		{"one edit before two", "paypal.com", "paypl.com", "papl.com"},
		{"core keyword before another word", "paypal.com", "paypal-login.com", "paypal-gardening.com"},
		{"the brand's label under .com before a combo", "airfrance.fr", "airfrance.com", "airfrance-login.fr"},
		{"brand before its term", "apple.com", "aple.com", "iclod.com"},
		{"typo of the suffix before a combo under a cheap TLD", "paypal.com", "paypal.cm", "paypal-login.top"},
		{"typo of the suffix before the label under a rare TLD", "paypal.com", "paypal.om", "paypal.quest"},
		// The form is similar's reading (Match.Kind, Match.Form).
		{"glued keywords are two keywords, before a free word", "paypal.com", "paypalaccountverify.com", "paypalgardening.com"},
		{"a keyword pair before one letter written twice", "adobe.com", "adobe-account-verify.com", "adobeii.com"},
		{"the dot of m. left out before a letter added", "amazon.com", "mamazon.com", "amazonx.com"},
		{"a subdomain form weighs by the domain it buys", "amazon.com", "amazon-login.com", "am.azon.com"},
		{"a lookalike in digits before a typo", "amazon.com", "am4zon.com", "amazpn.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mustBrand(t, tt.brand)
			b.Terms = []string{"icloud"}
			cand := func(d string) permute.Candidate {
				c, err := permute.ParseName(d, b.Domain)
				if err != nil {
					t.Fatal(err)
				}
				if strings.HasPrefix(d, "iclo") {
					c.Term = "icloud"
				}
				return c
			}
			a, z := Prior(b, cand(tt.likelier)), Prior(b, cand(tt.lesser))
			if a.Score <= z.Score {
				t.Errorf("%s %.3f (%s: %s) ranks no higher than %s %.3f (%s: %s)", tt.likelier, a.Score, a.Kind, a.Why, tt.lesser, z.Score, z.Kind, z.Why)
			}
		})
	}
	unavailable := permute.Candidate{Domain: "xn--80ak6aa92e.com", Unavailable: "not sold"}
	if l := Prior(mustBrand(t, "apple.com"), unavailable); l.Score != 0 || l.Kind != "unavailable" {
		t.Errorf("an unavailable name has prior %+v, want 0", l)
	}
}

// TestRankGolden pins the head of the defend order of the default set, with
// the kind and reason of each name. Refresh with
// go test ./judge -run TestRankGolden -update
func TestRankGolden(t *testing.T) {
	g, err := permute.New(permute.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"amazon.com", "airfrance.fr", "commbank.com.au"} {
		t.Run(d, func(t *testing.T) {
			b := mustBrand(t, d)
			fs := defendFindings(t, g, b)
			RankDefend(b, fs)
			var sb strings.Builder
			for _, f := range Budget(fs, 60) {
				l := Prior(b, f.Candidate)
				fmt.Fprintf(&sb, "%-34s %.3f %-12s %s\n", f.Unicode, l.Score, l.Kind, l.Why)
			}
			golden.Check(t, filepath.Join("testdata", "rank", d+".golden"), []byte(sb.String()))
			// The issue's cases: one-edit typos of the label within the first
			// few hundred, not at 8,000.
			for _, typo := range map[string][]string{"amazon.com": {"amzon.com", "amazn.com", "amaozn.com"}}[d] {
				i := slices.IndexFunc(fs, func(f Finding) bool { return f.Domain == typo })
				if i < 0 || i >= 300 {
					t.Errorf("%s at rank %d, want within the first 300", typo, i+1)
				}
			}
		})
	}
}

func TestBudget(t *testing.T) {
	mk := func(d, reg string) Finding {
		return Finding{Result: resolve.Result{Candidate: permute.Candidate{Domain: d}, Registrable: reg}}
	}
	fs := []Finding{mk("a.com", "a.com"), mk("x.b.com", "b.com"), mk("b.com", "b.com"), mk("c.com", "c.com"), mk("d.com", "")}
	tests := []struct {
		name string
		n    int
		want []string
	}{
		{"two distinct registrable domains", 2, []string{"a.com", "x.b.com", "b.com"}},
		{"one", 1, []string{"a.com"}},
		{"all", 0, []string{"a.com", "x.b.com", "b.com", "c.com", "d.com"}},
		{"more than there are", 10, []string{"a.com", "x.b.com", "b.com", "c.com", "d.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range Budget(fs, tt.n) {
				got = append(got, f.Domain)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Budget(%d) = %v, want %v", tt.n, got, tt.want)
			}
		})
	}
}

func ExampleRankDefend() {
	b, _ := permute.ParseBrand("paypal.com")
	var fs []Finding
	for _, d := range []string{"paypal-account-verify.lol", "paypal-login.com", "paypl.com", "paypa1.com"} {
		c, _ := permute.ParseName(d, b.Domain)
		fs = append(fs, Finding{Result: resolve.Result{Candidate: c, Registrable: d}, Verdict: Defend})
	}
	RankDefend(b, fs)
	for _, f := range Budget(fs, 3) {
		fmt.Println(f.Domain, Prior(b, f.Candidate).Kind)
	}
	// Output:
	// paypa1.com lookalike
	// paypl.com typo
	// paypal-login.com combo-core
}

// realSetPath is the shared list of real attacker-registered lookalikes, read
// in place (LOOKALIKE_REAL_SET points elsewhere).
func realSetPath() string {
	if p := os.Getenv("LOOKALIKE_REAL_SET"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "shared", "data", "lookalikes-real-dev.tsv")
}

// BenchmarkTop200 measures the ranking on the shared set of real
// registrations: for each brand, the share of its first 200 distinct
// registrable defend names (default generator) that attackers did register,
// ordered by risk (the order before issue 11) and by the likelihood prior.
// A measurement, not a test. Run:
// go test ./judge -run '^$' -bench Top200 -benchtime 1x
func BenchmarkTop200(b *testing.B) {
	f, err := os.Open(realSetPath())
	if err != nil {
		b.Skipf("no real lookalike set (%v)", err)
	}
	real := map[string]map[string]string{} // brand → domain → class
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 3 || strings.HasPrefix(c[0], "#") {
			continue
		}
		if real[c[0]] == nil {
			real[c[0]] = map[string]string{}
		}
		real[c[0]][c[1]] = c[2]
	}
	f.Close()
	brands := make([]string, 0, len(real))
	for k := range real {
		brands = append(brands, k)
	}
	sort.Strings(brands)
	g, err := permute.New(permute.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		type tally struct{ top, brands, inSet int }
		var byRisk, byPrior tally
		classRisk, classPrior := map[string]int{}, map[string]int{}
		for _, bd := range brands {
			br, err := permute.ParseBrand(bd)
			if err != nil {
				continue
			}
			fs := defendFindings(b, g, br)
			inSet := 0
			seen := map[string]bool{}
			for _, f := range fs {
				if _, ok := real[bd][f.Registrable]; ok && !seen[f.Registrable] {
					seen[f.Registrable] = true
					inSet++
				}
			}
			count := func(t *tally, classes map[string]int) {
				t.brands++
				t.inSet += inSet
				for _, f := range Budget(fs, 200) {
					if cl, ok := real[bd][f.Registrable]; ok && f.Domain == f.Registrable {
						t.top++
						classes[cl]++
					}
				}
			}
			slices.SortStableFunc(fs, func(x, y Finding) int {
				if x.Risk != y.Risk {
					return y.Risk - x.Risk
				}
				return strings.Compare(x.Domain, y.Domain)
			})
			count(&byRisk, classRisk)
			RankDefend(br, fs)
			count(&byPrior, classPrior)
		}
		b.StopTimer()
		for _, r := range []struct {
			name    string
			t       tally
			classes map[string]int
		}{{"risk (before)", byRisk, classRisk}, {"prior (after)", byPrior, classPrior}} {
			fmt.Printf("top 200 by %-14s %5d real of %d names (%.1f %%), %.1f %% of the %d real names generated; by class %v\n",
				r.name, r.t.top, 200*r.t.brands, 100*float64(r.t.top)/float64(200*r.t.brands),
				100*float64(r.t.top)/float64(max(r.t.inSet, 1)), r.t.inSet, r.classes)
		}
		for _, c := range []struct{ brand, name string }{
			{"amazon.com", "amzon.com"}, {"facebook.com", "facebok.com"}, {"netflix.com", "netlfix.com"},
		} {
			br, err := permute.ParseBrand(c.brand)
			if err != nil {
				b.Fatal(err)
			}
			fs := defendFindings(b, g, br)
			rank := func() int {
				return 1 + slices.IndexFunc(fs, func(f Finding) bool { return f.Domain == c.name })
			}
			slices.SortStableFunc(fs, func(x, y Finding) int {
				return cmp.Or(cmp.Compare(y.Risk, x.Risk), strings.Compare(x.Domain, y.Domain))
			})
			byRisk := rank()
			RankDefend(br, fs)
			fmt.Printf("issue case %s: rank %d by risk, %d by prior, of %d\n", c.name, byRisk, rank(), len(fs))
		}
		b.StartTimer()
	}
}
