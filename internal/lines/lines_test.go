package lines

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestEach(t *testing.T) {
	in := "# brands\nairfrance.fr\n\n  paypal.com   # ours\n\t\n#only a comment\nhsbc.co.uk"
	var got []string
	err := Each(strings.NewReader(in), func(n int, e string) bool {
		got = append(got, fmt.Sprintf("%d:%s", n, e))
		return true
	})
	want := "2:airfrance.fr 4:paypal.com 7:hsbc.co.uk"
	if err != nil || strings.Join(got, " ") != want {
		t.Errorf("Each = %v, %v; want %s", got, err, want)
	}
	n := 0
	Each(strings.NewReader("a\nb\nc\n"), func(int, string) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("Each did not stop when asked: %d calls", n)
	}
}

func FuzzEach(f *testing.F) {
	f.Add("a\n#b\n c # d\n")
	f.Fuzz(func(t *testing.T, in string) {
		last := 0
		Each(strings.NewReader(in), func(n int, e string) bool {
			if n <= last || e == "" || strings.Contains(e, "#") || e != strings.TrimSpace(e) {
				t.Fatalf("line %d (after %d): %q", n, last, e)
			}
			last = n
			return true
		})
	})
}

func TestScanLongLines(t *testing.T) {
	long := strings.Repeat("x", MaxLine+1)
	full := strings.Repeat("y", MaxLine)
	tests := []struct {
		name string
		in   string
		want string // n:entry or n:ERR, space-separated
	}{
		{name: "a long line between two good ones", in: "a.com\n" + long + "\nb.com\n", want: "1:a.com 2:ERR 3:b.com"},
		{name: "a line of exactly MaxLine is read", in: full + "\nb.com", want: "1:" + full + " 2:b.com"},
		{name: "MaxLine with CRLF is read", in: full + "\r\nb.com\r\n", want: "1:" + full + " 2:b.com"},
		{name: "a long last line without newline", in: "a.com\n" + long, want: "1:a.com 2:ERR"},
		{name: "a long line of 1 MiB", in: strings.Repeat("z", 1<<20) + "\nc.com", want: "1:ERR 2:c.com"},
		{name: "a long comment is still a long line", in: "#" + long + "\nc.com", want: "1:ERR 2:c.com"},
		{name: "empty input", in: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := Scan(strings.NewReader(tt.in), func(n int, e string, err error) bool {
				if err != nil {
					var le *LineError
					if !errors.As(err, &le) || le.Line != n || !errors.Is(err, ErrTooLong) || e != "" {
						t.Errorf("line %d: error %v with entry of %d bytes, want a *LineError wrapping ErrTooLong", n, err, len(e))
					}
					e = "ERR"
				}
				got = append(got, fmt.Sprintf("%d:%s", n, e))
				return true
			})
			if err != nil || strings.Join(got, " ") != tt.want {
				t.Errorf("Scan = %.80q, %v; want %.80q", strings.Join(got, " "), err, tt.want)
			}
		})
	}
}

func TestEachReportsLongLinesAfterTheRest(t *testing.T) {
	long := strings.Repeat("x", MaxLine+1)
	var got []string
	err := Each(strings.NewReader("a.com\n"+long+"\nb.com\n"+long+"\n"), func(n int, e string) bool {
		got = append(got, e)
		return true
	})
	if strings.Join(got, " ") != "a.com b.com" {
		t.Errorf("entries %q, want a.com b.com", got)
	}
	if !errors.Is(err, ErrTooLong) || !strings.Contains(err.Error(), "line 2, 4") {
		t.Errorf("Each error %v, want ErrTooLong naming lines 2 and 4", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestScanReaderError(t *testing.T) {
	if err := Scan(failingReader{}, func(int, string, error) bool { return true }); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("Scan = %v, want the reader's error", err)
	}
}

func FuzzScan(f *testing.F) {
	f.Add("a\n#b\n c # d\r\n", 3)
	f.Add("x", MaxLine+5)
	f.Fuzz(func(t *testing.T, in string, pad int) {
		if pad < 0 || pad > 3*MaxLine {
			pad = 0
		}
		in = strings.Repeat("p", pad) + in
		last := 0
		Scan(strings.NewReader(in), func(n int, e string, err error) bool {
			if n <= last || len(e) > MaxLine || (err == nil) == (e == "") || strings.Contains(e, "#") || e != strings.TrimSpace(e) {
				t.Fatalf("line %d (after %d): %d bytes, err %v", n, last, len(e), err)
			}
			last = n
			return true
		})
	})
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"items trimmed, empty ones dropped", " com, net,,de ,", []string{"com", "net", "de"}},
		{"one item", "all", []string{"all"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Split(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("Split(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "words.txt")
	if err := os.WriteFile(p, []byte("# keywords\nlogin\n\n  refund # the form\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(p)
	if err != nil || !slices.Equal(got, []string{"login", "refund"}) {
		t.Errorf("ReadFile = %q, %v; want login, refund", got, err)
	}
	if _, err := ReadFile(filepath.Join(dir, "nope.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want os.ErrNotExist", err)
	}
}
