package report

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestScanOutputsOpenFiles(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	for _, tc := range []struct {
		name      string
		main, reg string
		extra     []ExtraFile
		refused   bool
		files     []string
	}{
		{name: "registrar and extra files", reg: p("reg.csv"), extra: []ExtraFile{{Path: p("a.jsonl"), Format: FormatJSONL}, {Path: p("b.csv")}}, files: []string{"reg.csv", "a.jsonl", "b.csv"}},
		{name: "two outputs to one file", main: p("x.csv"), reg: p("./x.csv"), refused: true},
		{name: "an extra file on the main output", main: p("y.csv"), extra: []ExtraFile{{Path: p("y.csv")}}, refused: true},
		{name: "a table in a file", extra: []ExtraFile{{Path: p("t.txt"), Format: FormatTable}}, refused: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			main, err := OpenOutputWith(io.Discard, "", FormatCSV, OutputOptions{})
			if err != nil {
				t.Fatal(err)
			}
			o := &ScanOutputs{Main: main}
			err = o.OpenFiles(tc.main, tc.reg, tc.extra, io.Discard, OutputOptions{})
			if errors.Is(err, ErrOutputs) != tc.refused || err != nil && !tc.refused {
				t.Fatalf("err %v, refused %v", err, tc.refused)
			}
			if err != nil {
				return
			}
			if err := o.Finish(nil); err != nil {
				t.Fatal(err)
			}
			for _, f := range tc.files {
				if _, err := os.Stat(p(f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
			}
		})
	}
}
