package e2e

import (
	"os"
	"strings"
	"testing"
)

// The README's "Reading the report" shows the real report of the test world;
// TestReportGolden (build tag e2e) regenerates testdata/report.txt, and this
// keeps the README from drifting away from it.
func TestReadmeShowsTheReport(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	report, err := os.ReadFile("testdata/report.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```\n"+string(report)+"```") {
		t.Error("README.md's report differs from e2e/testdata/report.txt: paste the file into \"Reading the report\"")
	}
}
