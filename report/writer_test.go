package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestDefuse(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"formula", "=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"},
		{"plus", "+33 1 23", "'+33 1 23"},
		{"minus", "-1", "'-1"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\tx", "'\tx"},
		{"carriage return", "\rx", "'\rx"},
		{"domain", "airfrance.fr", "airfrance.fr"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Defuse(tt.in); got != tt.want {
				t.Errorf("Defuse(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"escape sequence", "title\x1b[31mred", "title[31mred"},
		{"newline", "a\nb", "ab"},
		{"bidi override", "abc\u202edcba", "abcdcba"},
		{"zero width", "pay\u200bpal", "paypal"},
		{"c1 control", "x\u0085y", "xy"},
		{"unicode text stays", "àirfrance — réservation", "àirfrance — réservation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWriters(t *testing.T) {
	recs := []Record{
		{{Key: "domain", Value: "a.fr"}, {Key: "evidence", Value: "=cmd|' /C calc'!A0"}, {Key: "ns", Value: []string(nil)}, {Key: "risk", Value: 7}},
		{{Key: "domain", Value: "b.fr"}, {Key: "evidence", Value: "title\x1b]0;pwned\x07"}, {Key: "ns", Value: []string{"ns1.x", "ns2.x"}}, {Key: "risk", Value: 70}},
	}
	tests := []struct {
		format Format
		want   string
	}{
		{FormatCSV, "domain,evidence,ns,risk\na.fr,'=cmd|' /C calc'!A0,,7\nb.fr,title]0;pwned,ns1.x ns2.x,70\n"},
		{FormatJSONL, `{"domain":"a.fr","evidence":"=cmd|' /C calc'!A0","ns":[],"risk":7}` + "\n" + `{"domain":"b.fr","evidence":"title]0;pwned","ns":["ns1.x","ns2.x"],"risk":70}` + "\n"},
		{FormatJSON, "[\n" + `{"domain":"a.fr","evidence":"=cmd|' /C calc'!A0","ns":[],"risk":7}` + ",\n" + `{"domain":"b.fr","evidence":"title]0;pwned","ns":["ns1.x","ns2.x"],"risk":70}` + "\n]\n"},
		{FormatList, "a.fr\nb.fr\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, tt.format, TableOptions{})
			for _, r := range recs {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", buf.String(), tt.want)
			}
		})
	}
	var buf bytes.Buffer
	w := NewWriter(&buf, FormatJSON, TableOptions{})
	w.Close()
	if buf.String() != "[]\n" {
		t.Errorf("empty JSON document = %q", buf.String())
	}
	buf.Reset()
	w = NewWriter(&buf, FormatTable, TableOptions{Columns: []string{"domain", "ns"}})
	for _, r := range recs {
		w.Write(r)
	}
	w.Close()
	if !strings.HasPrefix(buf.String(), "DOMAIN  NS\na.fr    -\nb.fr    ns1.x ns2.x\n") {
		t.Errorf("table:\n%s", buf.String())
	}
}

func TestAtomicFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	os.WriteFile(path, []byte("old"), 0o644)
	a, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	a.WriteString("new")
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file replaced before Commit: %q", b)
	}
	a.Abort()
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("Abort changed the file: %q", b)
	}
	a, _ = CreateAtomic(path)
	a.WriteString("new")
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("after Commit: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".out.csv.*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(strings.ToUpper(string(f))); err != nil || got != f {
			t.Errorf("ParseFormat(%s) = %v, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
}

func TestCreateAtomicRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "scan.jsonl")
	stale := filepath.Join(dir, ".scan.jsonl.123.tmp")
	fresh := filepath.Join(dir, ".scan.jsonl.456.tmp")
	other := filepath.Join(dir, ".other.jsonl.789.tmp")
	for _, p := range []string{stale, fresh, other} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	os.Chtimes(other, old, old)
	f, err := CreateAtomic(out)
	if err != nil {
		t.Fatal(err)
	}
	f.Abort()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("a killed run's stale temporary file was left")
	}
	for _, p := range []string{fresh, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: a recent temp or another output's is not ours to remove", filepath.Base(p))
		}
	}
}

// An output that is no regular file is written in place: renaming a
// temporary file over /dev/null, run as root, would replace the device.
func TestAtomicFileNotRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- string(b)
	}()
	for _, tc := range []struct {
		name, path string
		commit     bool
	}{
		{"a named pipe gets the bytes", fifo, true},
		{"/dev/null stays a device", os.DevNull, true},
		{"/dev/null after a failed run", os.DevNull, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := CreateAtomic(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString("acmebnk.com\n"); err != nil {
				t.Fatal(err)
			}
			if tc.commit {
				if err := f.Commit(); err != nil {
					t.Fatal(err)
				}
			} else {
				f.Abort()
			}
			st, err := os.Stat(tc.path)
			if err != nil || st.Mode().IsRegular() {
				t.Fatalf("%s is now %v (%v): the output replaced it", tc.path, st.Mode(), err)
			}
		})
	}
	if s := <-got; s != "acmebnk.com\n" {
		t.Errorf("the pipe read %q", s)
	}
	if _, err := CreateAtomic(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory as output: %v, want refused", err)
	}
}

func TestAtomicFileNoDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "out.csv")
	_, err := CreateAtomic(path)
	if !errors.Is(err, ErrOutputs) || !strings.Contains(err.Error(), "no directory "+filepath.Dir(path)) {
		t.Errorf("err %v, want ErrOutputs naming the missing directory", err)
	}
}
