package report

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/lookalike/lookalike/internal/golden"
	"github.com/lookalike/lookalike/judge"
	"github.com/lookalike/lookalike/names"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// testNow is the clock of every test: results must not depend on the day the
// tests run.
var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func mustBrand(t testing.TB, s string) permute.Brand {
	t.Helper()
	b, err := permute.ParseBrand(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// result builds a result of brand for name, with the registrable domain
// filled in as resolve fills it.
func result(t testing.TB, brand, name string, st resolve.Status) resolve.Result {
	t.Helper()
	c, err := permute.ParseName(name, brand)
	if err != nil {
		t.Fatal(err)
	}
	reg, _, _ := names.Registrable(c.Domain)
	return resolve.Result{Candidate: c, Registrable: reg, Status: st}
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
