//go:build e2e

package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/e2e/world"
)

// `up` re-executes its own binary as `serve`; under `go test` that binary
// is the test binary, so TestMain plays the command's part when asked to.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestUpNamesDown(t *testing.T) {
	world.Need(t)
	dir := t.TempDir()
	t.Cleanup(func() { _ = run([]string{"down", "--dir", dir}, &bytes.Buffer{}, &bytes.Buffer{}) })

	var out bytes.Buffer
	if err := run([]string{"up", "--dir", dir}, &out, &bytes.Buffer{}); err != nil {
		t.Fatalf("up: %v", err)
	}
	vars, err := world.ParseEnv(&out)
	if err != nil || vars["LOOKALIKE_E2E_NSD"] == "" {
		t.Fatalf("up printed no usable env (%v): %q", err, out.String())
	}
	w, err := world.Attach(context.Background(), dir)
	if err != nil {
		t.Fatalf("attach to the world up brought: %v", err)
	}
	if w.NSD() != vars["LOOKALIKE_E2E_NSD"] {
		t.Errorf("env says nsd %s, the attached world %s", vars["LOOKALIKE_E2E_NSD"], w.NSD())
	}
	if err := run([]string{"up", "--dir", dir}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "already up") {
		t.Errorf("second up in the same dir: %v, want 'already up'", err)
	}

	out.Reset()
	if err := run([]string{"names", "--dir", dir, "--status", "registered"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Fields(out.String()), w.Manifest().Registered(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("names --status registered:\n got %v\nwant %v", got, want)
	}

	out.Reset()
	if err := run([]string{"down", "--dir", dir}, &out, &bytes.Buffer{}); err != nil || !strings.Contains(out.String(), "is down") {
		t.Fatalf("down: %v %q", err, out.String())
	}
	if _, err := world.Attach(context.Background(), dir); err == nil {
		t.Error("a world is still attachable after down")
	}
	out.Reset()
	if err := run([]string{"down", "--dir", dir}, &out, &bytes.Buffer{}); err != nil || !strings.Contains(out.String(), "no world up") {
		t.Errorf("second down: %v %q", err, out.String())
	}
}
