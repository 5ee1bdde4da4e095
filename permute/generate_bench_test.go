package permute

import (
	"fmt"
	"testing"
)

// BenchmarkGenerate measures candidates per second on one core, per fuzzer and
// for the default set. Run: go test -run '^$' -bench Generate -cpu 1 ./permute
func BenchmarkGenerate(b *testing.B) {
	for _, domain := range []string{"airfrance.fr", "paypal.com", "microsoft.com"} {
		brand, err := ParseBrand(domain)
		if err != nil {
			b.Fatal(err)
		}
		sets := [][]string{nil}
		for _, f := range registry {
			sets = append(sets, []string{f.name})
		}
		for _, fz := range sets {
			name := "default"
			if fz != nil {
				name = fz[0]
			}
			g, err := New(Options{Fuzzers: fz})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s/%s", domain, name), func(b *testing.B) {
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					seq, err := g.Generate(brand)
					if err != nil {
						b.Fatal(err)
					}
					for range seq {
						n++
					}
				}
				b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "names/s")
				b.ReportMetric(float64(n)/float64(b.N), "names/op")
			})
		}
	}
}
