package match

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/wordlists"
)

var zoneBrands = []string{"paypal.com", "discord.com", "telegram.org", "steamcommunity.com", "airfrance.fr", "dhl.com"}

// planted are lookalikes of zoneBrands, one per kind, made here by rule
// (not copied from any feed).
func planted(label string) []string {
	mid := len(label) / 2
	return []string{
		label,                        // tld-swap (under .com for the non-.com brands)
		label + "-login",             // combo
		"secure" + label + "support", // combo, glued
		label[:mid] + label[mid+1:],  // missing letter
		label[:mid] + label[mid:mid+1] + label[mid:], // doubled letter
		"www" + label,                       // missing dot
		label + "com",                       // tld-in-label
		strings.Replace(label, "o", "0", 1), // digit for a letter (where there is an o)
		label[:mid] + "-" + label[mid:],     // hyphen
	}
}

// syntheticZone writes a .com master file in the CZDS form: $ORIGIN and
// $TTL, the apex, delegations with relative and absolute owners and two or
// three NS each, glue, and n benign delegations (English compounds, random
// labels) among the planted ones. It returns the planted names.
func syntheticZone(n int) ([]byte, map[string]string) {
	r := rand.New(rand.NewPCG(7, 8))
	words := wordlists.EnglishWords()
	want := map[string]string{}
	var b bytes.Buffer
	b.WriteString("$ORIGIN com.\n$TTL 172800\n@ 900 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400\n")
	b.WriteString("@ IN NS a.gtld-servers.net.\n@ IN NS b.gtld-servers.net.\n")
	deleg := func(label string, abs bool) {
		owner := label
		if abs {
			owner = label + ".com."
		}
		for k := 0; k < 2+r.IntN(2); k++ {
			fmt.Fprintf(&b, "%s NS ns%d.%s.net.\n", owner, k+1, []string{"cloudflare", "domaincontrol", "registrar-servers"}[k])
		}
		if r.IntN(10) == 0 {
			fmt.Fprintf(&b, "ns1.%s A 192.0.2.%d\n", owner, r.IntN(250)+1)
		}
	}
	var all []string
	for _, d := range zoneBrands {
		label, _, _ := strings.Cut(d, ".")
		for _, p := range planted(label) {
			if p == label && strings.HasSuffix(d, ".com") {
				continue // the brand itself
			}
			if len(label) <= 4 && p != label && !strings.Contains(p, "-login") && !strings.HasPrefix(p, "www") && !strings.HasPrefix(p, "secure") && !strings.HasSuffix(p, "com") {
				continue // a short brand tolerates no typo, by design
			}
			if _, dup := want[p+".com"]; !dup {
				want[p+".com"] = d
				all = append(all, p)
			}
		}
	}
	holdsBrand := func(l string) bool {
		for _, d := range zoneBrands {
			if label, _, _ := strings.Cut(d, "."); strings.Contains(strings.ReplaceAll(l, "-", ""), label) {
				return true // a brand inside words is measured by package similar's evaluation
			}
		}
		return false
	}
	for i := 0; len(all) < n+len(want); i++ {
		if len(all) > 0 && holdsBrand(all[len(all)-1]) && want[all[len(all)-1]+".com"] == "" {
			all = all[:len(all)-1]
		}
		switch i % 3 {
		case 0:
			all = append(all, words[r.IntN(len(words))]+words[r.IntN(len(words))])
		case 1:
			all = append(all, words[r.IntN(len(words))]+"-"+words[r.IntN(len(words))])
		default:
			l := make([]byte, 6+r.IntN(8))
			for j := range l {
				l[j] = "abcdefghijklmnopqrstuvwxyz0123456789"[r.IntN(36)]
			}
			all = append(all, string(l))
		}
	}
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	seen := map[string]bool{}
	for i, l := range all {
		if !seen[l] {
			seen[l] = true
			deleg(l, i%2 == 0)
		}
	}
	return b.Bytes(), want
}

func TestZonePlantedLookalikes(t *testing.T) {
	data, want := syntheticZone(20000)
	res, st := runAll(t, Options{Index: testIndex(zoneBrands...), Workers: 2,
		Sources: []Source{Zone("com.zone", bytes.NewReader(data), "com")}})
	found := map[string]bool{}
	tp, fp := 0, 0
	var falses []string
	for _, r := range res {
		if found[r.Domain] {
			t.Errorf("%s reported twice: a delegation is observed once", r.Domain)
		}
		found[r.Domain] = true
		if want[r.Domain] == r.Brand {
			tp++
		} else {
			fp++
			falses = append(falses, r.Domain+" ("+r.Brand+" "+r.Kind+")")
		}
	}
	recall := float64(tp) / float64(len(want))
	precision := float64(tp) / float64(max(tp+fp, 1))
	t.Logf("%d delegations, %d planted: recall %.3f, precision %.3f, false: %v", st.Observed, len(want), recall, precision, falses)
	if recall < 0.95 || precision < 0.95 {
		t.Errorf("recall %.3f, precision %.3f on the planted zone; want both ≥ 0.95", recall, precision)
	}
	if st.Observed < 20000 {
		t.Errorf("observed %d delegations, want every one of the 20,000+", st.Observed)
	}
}

func TestZoneErrors(t *testing.T) {
	for _, tc := range []struct{ name, data, want string }{
		{"include refused", "$ORIGIN com.\n$INCLUDE /etc/passwd\n", "zone.txt"},
		{"syntax", "$ORIGIN com.\nfoo NS\n", "zone.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Zone("zone.txt", strings.NewReader(tc.data), "").Read(t.Context(), func(Observed) error { return nil }, func(Junk) {})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Read: %v, want an error naming %s", err, tc.want)
			}
		})
	}
	// Without an origin given, the file's $ORIGIN and SOA decide.
	var got []string
	err := Zone("fr.zone", strings.NewReader("$ORIGIN fr.\n$TTL 3600\n@ SOA a. b. 1 2 3 4 5\n@ NS d.nic.fr.\nairfrance-refund NS ns1.x.net.\nairfrance-refund NS ns2.x.net.\nsub.example NS ns.x.net.\n"), "").
		Read(t.Context(), func(o Observed) error { got = append(got, o.Domain); return nil }, func(Junk) {})
	if err != nil || strings.Join(got, " ") != "airfrance-refund.fr example.fr" {
		t.Errorf("observed %v, %v; want airfrance-refund.fr example.fr", got, err)
	}
}

func FuzzZone(f *testing.F) {
	data, _ := syntheticZone(20)
	f.Add(data)
	f.Add([]byte("$ORIGIN com.\n@ SOA a. b. 1 2 3 4 5\nx NS y.\n"))
	ix := testIndex("paypal.com")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Run(t.Context(), Options{Index: ix, Workers: 1, Sources: []Source{Zone("z", bytes.NewReader(data), "com")}},
			func(r Result) error {
				if r.Brand != "paypal.com" || r.Registrable == "paypal.com" || r.Domain == "" {
					t.Fatalf("bad result %+v", r)
				}
				return nil
			})
	})
}
