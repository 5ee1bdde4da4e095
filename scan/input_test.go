package scan

import (
	"reflect"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/permute"
)

// TestSpoolKeepsParsedCandidates: the second pass over the spool yields, for
// every good line, the candidate ParseName made of it, field for field,
// without parsing the line again.
func TestSpoolKeepsParsedCandidates(t *testing.T) {
	tests := []struct {
		name, brand string
		lines       []string
	}{
		{"ASCII", "acmebank.com", []string{"acmebnk.com", "ACMEBANK.net", "acme-bank.co.uk."}},
		{"IDN sold by the registry", "airfrance.fr", []string{"aírfrance.fr", "xn--irfrance-yya.fr"}},
		{"IDN never sold", "apple.com", []string{"аrrӏе.com", "аirfrance.fr", "xn--80ak6aa92e.com"}},
		{"no brand", "", []string{"example.org", "https://www.example.de/path"}},
		{"bad lines skipped", "acmebank.com", []string{"acmebnk.com", "not a name", "com", "acmebamk.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []permute.Candidate
			for _, l := range tt.lines {
				if c, err := permute.ParseName(l, tt.brand); err == nil {
					want = append(want, c)
				}
			}
			o := &Options{Candidates: strings.NewReader(strings.Join(tt.lines, "\n") + "\n")}
			if tt.brand != "" {
				b, err := permute.ParseBrand(tt.brand)
				if err != nil {
					t.Fatal(err)
				}
				o.Brands = []permute.Brand{b}
			}
			in, err := o.spool()
			if err != nil {
				t.Fatal(err)
			}
			defer in.cleanup()
			var got []permute.Candidate
			for c := range in.seq {
				got = append(got, c)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("spool yields\n%+v\nParseName gives\n%+v", got, want)
			}
			if in.total != len(want) {
				t.Errorf("total %d, want %d", in.total, len(want))
			}
		})
	}
}
