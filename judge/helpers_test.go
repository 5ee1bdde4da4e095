package judge

import (
	"testing"
	"time"

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
