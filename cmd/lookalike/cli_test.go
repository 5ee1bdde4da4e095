package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/internal/golden"
)

// runCLI runs the command line on buffers, as a terminal (tty) or not.
func runCLI(t *testing.T, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, stdoutTTY: tty, stderrTTY: tty}
	code = run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), []byte(got))
}

func TestGenerateBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty", []string{"generate", ""}, "is empty"},
		{"ip", []string{"generate", "192.0.2.7"}, "IP address"},
		{"public suffix", []string{"generate", "co.uk"}, "public suffix"},
		{"single label", []string{"generate", "airfrance"}, "single label"},
		{"long label", []string{"generate", strings.Repeat("x", 64) + ".fr"}, "63"},
		{"long name", []string{"generate", strings.Repeat("abcdefghi.", 26) + "fr"}, "253"},
		{"bad char", []string{"generate", "air$france.fr"}, "'$'"},
		{"email", []string{"generate", "refund@airfrance.fr"}, "did you mean the domain after @"},
		{"one bad among good", []string{"generate", "airfrance.fr", "co.uk"}, "public suffix"},
		{"no brand", []string{"generate"}, "no brand given"},
		{"unknown flag", []string{"generate", "--nope", "airfrance.fr"}, "unknown flag"},
		{"unknown fuzzer", []string{"generate", "--fuzzers", "typo", "airfrance.fr"}, "is not a fuzzer"},
		{"unknown format", []string{"generate", "--format", "xml", "airfrance.fr"}, "unknown format"},
		{"missing keyword file", []string{"generate", "--keywords", "nope.txt", "airfrance.fr"}, "no such file"},
		{"missing brands file", []string{"generate", "--brands", "nope.txt"}, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, false, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, exitUsage, errs)
			}
			if out != "" {
				t.Errorf("stdout not empty: %.200q", out)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr %q does not say %q", errs, tt.want)
			}
		})
	}
}

func TestGenerateBrandsFileKeepsGoodLines(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "brands.txt")
	os.WriteFile(f, []byte("# our brands\nairfrance.fr\n\nco.uk   # a mistake\npaypal.com\n"), 0o644)
	code, out, errs := runCLI(t, false, "generate", "--brands", f, "--estimate")
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errs, "brands.txt:4:") || !strings.Contains(errs, "public suffix") {
		t.Errorf("stderr %q does not name line 4", errs)
	}
	if !strings.Contains(out, "airfrance.fr\t") || !strings.Contains(out, "paypal.com\t") {
		t.Errorf("good lines lost: %q", out)
	}
}

func TestGenerateSeedCase(t *testing.T) {
	code, out, errs := runCLI(t, false, "generate", "airfrance.fr")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	names := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		names[l] = true
	}
	for _, want := range []string{
		"websupportairfrance.fr", "airfrance-support.fr", "airfrance-remboursement.fr",
		"websupportairfrance.com", "airfrance-refund.com", "airfrance-fr.com", "airfrancefr.fr",
		"wwwairfrance.fr", "airfranse.fr", "airfrance.com", "airfrance.de", "airfrence.fr",
		"airfrnce.fr", "airfranc.fr", "xn--irfrance-yya.fr",
	} {
		if !names[want] {
			t.Errorf("airfrance.fr: %s missing", want)
		}
	}
	if names["airfrance.fr"] {
		t.Error("the brand itself is in the output")
	}
	if errs != "" {
		t.Errorf("stderr not empty: %q", errs)
	}
}

func TestGenerateFormats(t *testing.T) {
	for _, f := range []string{"csv", "json", "jsonl", "list", "table"} {
		t.Run(f, func(t *testing.T) {
			code, out, errs := runCLI(t, false, "generate", "paypal.com", "--fuzzers", "omission,tld-in-label", "--tlds", "com,net,de", "--format", f)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			goldenFile(t, "generate/paypal."+f, out)
		})
	}
}

func TestGenerateJSONFields(t *testing.T) {
	_, out, _ := runCLI(t, false, "generate", "àirfrance.fr", "--fuzzers", "omission", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for _, k := range []string{"domain", "unicode", "fuzzer", "fuzzers", "brand"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("field %s missing: %v", k, rows[0])
		}
	}
	if rows[0]["brand"] != "xn--irfrance-yya.fr" {
		t.Errorf("brand = %v, want the A-label", rows[0]["brand"])
	}
}

func TestGenerateTTYDefaultsToTable(t *testing.T) {
	_, out, _ := runCLI(t, true, "generate", "paypal.com", "--fuzzers", "omission")
	if !strings.HasPrefix(out, "DOMAIN") {
		t.Errorf("terminal output is not a table: %.100q", out)
	}
	_, out, _ = runCLI(t, false, "generate", "paypal.com", "--fuzzers", "omission")
	if !strings.HasPrefix(out, "aypal.com\n") {
		t.Errorf("piped output is not a list: %.100q", out)
	}
}

func TestGenerateOutputFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	os.WriteFile(path, []byte("old\n"), 0o644)
	// A failing run (bad brand) leaves the old file alone.
	if code, _, _ := runCLI(t, false, "generate", "co.uk", "-o", path); code != exitUsage {
		t.Fatalf("exit %d", code)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("old file changed: %q", b)
	}
	code, out, _ := runCLI(t, false, "generate", "paypal.com", "--fuzzers", "omission", "--format", "csv", "-o", path)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "domain,unicode,fuzzer,fuzzers,brand\n") {
		t.Errorf("file = %.100q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	_, a, _ := runCLI(t, false, "generate", "microsoft.com", "--format", "jsonl")
	_, b, _ := runCLI(t, false, "generate", "microsoft.com", "--format", "jsonl")
	if a != b {
		t.Error("two runs differ")
	}
	_, c, _ := runCLI(t, false, "generate", "microsoft.com", "--format", "jsonl", "--fuzzers", "omission,addition")
	_, d, _ := runCLI(t, false, "generate", "microsoft.com", "--format", "jsonl", "--fuzzers", "addition,omission")
	if c != d {
		t.Error("fuzzer order on the command line changed the output")
	}
}

func TestEstimateMatchesOutput(t *testing.T) {
	for _, brand := range []string{"airfrance.fr", "hsbc.co.uk", "àirfrance.fr"} {
		_, est, _ := runCLI(t, false, "generate", brand, "--estimate")
		_, out, _ := runCLI(t, false, "generate", brand)
		n := strings.Count(out, "\n")
		fields := strings.Fields(est)
		if len(fields) != 2 || fields[1] != itoa(n) {
			t.Errorf("%s: estimate %q, output %d names", brand, est, n)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, false, "version")
	if code != 0 || !strings.HasPrefix(out, "lookalike ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestHelpHasExamplesAndExitStatus(t *testing.T) {
	for _, c := range []string{"generate", "scan"} {
		code, out, _ := runCLI(t, false, c, "--help")
		if code != 0 {
			t.Errorf("%s --help exit %d", c, code)
		}
		for _, want := range []string{"Examples:", "EXIT STATUS", "130"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s --help lacks %q", c, want)
			}
		}
	}
}
