package lines

import (
	"fmt"
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
