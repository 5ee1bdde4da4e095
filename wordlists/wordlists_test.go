package wordlists

import (
	"reflect"
	"strings"
	"testing"
)

const goodHeader = "# A list\n# source: somewhere\n# licence: CC0\n# date: 2026-11-27\n"

func TestParseData(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    [][]string
		wantErr string
	}{
		{name: "fields and comments", in: goodHeader + "\n  a b\tc \n# skip\n\nd # trailing\n", want: [][]string{{"a", "b", "c"}, {"d"}}},
		{name: "license spelling and BOM", in: "\ufeff# source: x\n# License: MIT\n# date: 2026-01-02\nw\n", want: [][]string{{"w"}}},
		{name: "CRLF", in: strings.ReplaceAll(goodHeader+"a b\n", "\n", "\r\n"), want: [][]string{{"a", "b"}}},
		{name: "header only", in: goodHeader, want: nil},
		{name: "no header", in: "a\n" + goodHeader, wantErr: "no header"},
		{name: "blank first line", in: "\n" + goodHeader + "a\n", wantErr: "no header"},
		{name: "missing source", in: "# licence: x\n# date: 2026-11-27\na\n", wantErr: "source"},
		{name: "missing licence", in: "# source: x\n# date: 2026-11-27\na\n", wantErr: "licence"},
		{name: "missing date", in: "# source: x\n# licence: y\na\n", wantErr: "date"},
		{name: "empty value", in: "# source:\n# licence: y\n# date: 2026-11-27\na\n", wantErr: "source"},
		{name: "bad date", in: "# source: x\n# licence: y\n# date: Nov 2026\na\n", wantErr: "YYYY-MM-DD"},
		{name: "header keys after data do not count", in: "# source: x\n# licence: y\na\n# date: 2026-11-27\n", wantErr: "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseData("test.txt", []byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAllDataFiles checks that every embedded file, including ones added
// later, has a valid header and some data.
func TestAllDataFiles(t *testing.T) {
	names, err := dataFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no embedded data files")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			lines, err := readData(name)
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) == 0 {
				t.Errorf("%s has a header but no data", name)
			}
		})
	}
}

func TestReadDataMissing(t *testing.T) {
	if _, err := readData("no/such/file.txt"); err == nil {
		t.Error("readData of a missing file returned no error")
	}
}

func FuzzParseData(f *testing.F) {
	f.Add([]byte(goodHeader + "a b\n"))
	f.Add([]byte("# source: x\n# licence: y\n# date: 2026-11-27\n#\n a #b\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		lines, err := parseData("fuzz.txt", b)
		if err != nil {
			return
		}
		for _, l := range lines {
			if len(l) == 0 {
				t.Fatalf("empty line returned: %q", lines)
			}
			for _, f := range l {
				if f == "" || strings.HasPrefix(f, "#") || strings.ContainsAny(f, " \t\r\n") {
					t.Fatalf("bad field %q", f)
				}
			}
		}
	})
}
