package report

import (
	"path/filepath"
	"testing"

	"github.com/lookalike/lookalike/internal/fixture"
	"github.com/lookalike/lookalike/internal/golden"
	"github.com/lookalike/lookalike/judge"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// The shared test world (internal/fixture): its clock, brands and results.
var testNow = fixture.Now

func mustBrand(t testing.TB, s string) permute.Brand { return fixture.Brand(t, s) }

func result(t testing.TB, brand, name string, st resolve.Status) resolve.Result {
	return fixture.Result(t, brand, name, st)
}

func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

// testProfile is the airfrance.fr profile the judge package's tests use too,
// so that the report's golden files show the same verdicts.
func testProfile(t testing.TB) *judge.Profile {
	t.Helper()
	return judge.NewProfile(mustBrand(t, "airfrance.fr"),
		resolve.Result{
			NS: []string{"ns1.airfrance.fr.", "Kate.NS.Cloudflare.com"},
			MX: []string{"aspmx.l.google.com"},
			A:  []string{"192.0.2.80"},
		},
		"hostmaster.airfrance.fr",
		map[string]bool{"af-klm.com": true, "AirFrance-Defence.FR.": true, "ignored.fr": false},
		[]string{"klm-infra.net", "ns?.afkl-dns.*"},
		[]string{"mx.klm-mail.net"},
	)
}
