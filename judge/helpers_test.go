package judge

import (
	"testing"

	"github.com/lookalike/lookalike/internal/fixture"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// The shared test world (internal/fixture): its clock, brands and results.
var testNow = fixture.Now

func mustBrand(t testing.TB, s string) permute.Brand { return fixture.Brand(t, s) }

func result(t testing.TB, brand, name string, st resolve.Status) resolve.Result {
	return fixture.Result(t, brand, name, st)
}
