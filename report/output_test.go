package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestNewFormatWriterChoosesByFormat checks the one place a writer is made:
// a hand-on format gets its own writer with the options given, and a base
// format writes the bytes NewWriter writes, whatever Export and HTML say.
func TestNewFormatWriterChoosesByFormat(t *testing.T) {
	recs := exportFixture()
	opts := OutputOptions{
		Table:  TableOptions{Columns: []string{"domain", "verdict"}},
		Export: ExportOptions{Now: exportNow, Zone: "block.example.invalid", Protect: []string{"acmebank.net"}},
		HTML:   HTMLOptions{Title: "t", Budget: 2},
	}
	write := func(w Writer) {
		t.Helper()
		for _, r := range recs {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var got, want bytes.Buffer
			write(NewFormatWriter(&got, f, opts))
			if hw, ok := NewHandOnWriter(&want, f, opts.Export, opts.HTML); ok {
				write(hw)
			} else {
				write(NewWriter(&want, f, opts.Table))
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("NewFormatWriter(%s) wrote\n%s\nwant\n%s", f, got.Bytes(), want.Bytes())
			}
			if got.Len() == 0 {
				t.Errorf("%s wrote nothing", f)
			}
		})
	}
}

// TestOpenOutputWithHandOn checks that a file output of a hand-on format
// holds that format, not a table: the zone's origin comes from the options.
func TestOpenOutputWithHandOn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.rpz")
	o, err := OpenOutputWith(nil, path, FormatRPZ, OutputOptions{Export: ExportOptions{Now: exportNow, Zone: "block.example.invalid"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range exportFixture() {
		if err := o.W.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Close(true); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("$ORIGIN block.example.invalid.")) || !bytes.Contains(b, []byte("acmebank-login.com\tCNAME\t.")) {
		t.Errorf("not an RPZ of the findings:\n%s", b)
	}
}

func TestOutputWriteAll(t *testing.T) {
	type row struct{ d string }
	rec := func(r row) Record { return Record{{Key: "domain", Value: r.d}} }
	for _, tc := range []struct {
		name string
		rows []row
		want string
	}{
		{"every record, then the file", []row{{"a.example"}, {"b.example"}}, "a.example\nb.example\n"},
		{"no record: an empty document", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.txt")
			out, err := OpenOutput(io.Discard, path, FormatList, TableOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := out.WriteAll(Records(tc.rows, rec)); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil || string(b) != tc.want {
				t.Errorf("file %q, %v; want %q", b, err, tc.want)
			}
		})
	}
}
