package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

var update = flag.Bool("update", false, "rewrite golden files")

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
	reg, _, _ := permute.Registrable(c.Domain)
	return resolve.Result{Candidate: c, Registrable: reg, Status: st}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is meant):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
