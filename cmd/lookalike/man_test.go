package main

import (
	"path/filepath"
	"testing"

	"github.com/lookalike/lookalike/internal/golden"
)

// docs/man/lookalike.1 is what `lookalike man` prints; refresh it with
// go test ./cmd/lookalike -run TestManPage -update.
func TestManPage(t *testing.T) {
	code, out, errs := runCLI(t, false, "man")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden.Check(t, filepath.Join("..", "..", "docs", "man", "lookalike.1"), []byte(out))
}
