package report

import (
	"fmt"
	"io"
	"testing"
)

// benchRecords is a scan's worth of records: mostly defend, a few hundred
// registered, as the e2e world's acmebank.com scan gives (20,110 names).
func benchRecords(n int) []Record {
	out := make([]Record, 0, n)
	for i := range n {
		verdict, evidence := VerdictDefend, ""
		switch {
		case i%100 == 0:
			verdict, evidence = VerdictThirdParty, fmt.Sprintf("mx mail.acmebank-%d.com; a 192.0.2.%d", i, i%250)
		case i%250 == 1:
			verdict, evidence = VerdictParked, "ns ns1.sedoparking.com (Sedo: parking)"
		case i%300 == 2:
			verdict = VerdictUnknown
		}
		out = append(out, exportRecord("acmebank.com", fmt.Sprintf("acmebank-%d.com", i), "", verdict, i%100, i%3 == 0, evidence, "", "combo"))
	}
	return out
}

func benchWriter(b *testing.B, newWriter func(io.Writer) Writer, recs []Record) {
	b.ReportAllocs()
	var size countWriter
	for b.Loop() {
		size = 0
		w := newWriter(&size)
		for _, r := range recs {
			if err := w.Write(r); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size), "bytes/op-out")
	b.ReportMetric(float64(len(recs))*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

func BenchmarkWriters(b *testing.B) {
	recs := benchRecords(20000)
	for _, tc := range []struct {
		name string
		new  func(io.Writer) Writer
	}{
		{"jsonl", func(w io.Writer) Writer { return NewWriter(w, FormatJSONL, TableOptions{}) }},
		{"html", func(w io.Writer) Writer { return NewHTMLWriter(w, HTMLOptions{Budget: 200}) }},
		{"rpz", func(w io.Writer) Writer { return NewRPZWriter(w, ExportOptions{}) }},
		{"stix", func(w io.Writer) Writer { return NewSTIXWriter(w, ExportOptions{}) }},
		{"misp", func(w io.Writer) Writer { return NewMISPWriter(w, ExportOptions{}) }},
		{"blocklist", func(w io.Writer) Writer { return NewBlocklistWriter(w, ExportOptions{}) }},
	} {
		b.Run(tc.name, func(b *testing.B) { benchWriter(b, tc.new, recs) })
	}
}
