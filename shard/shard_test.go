package shard

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The values are pinned (and were checked against an FNV-1a written apart,
// in Python): a change of hash would move names between the shards of a run
// in flight, and another tool computing the shard must agree.
func TestOfIsStable(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want int
	}{
		{"acmebank.com", 3, 2},
		{"acmebnk.com", 3, 1},
		{"airfrance.fr", 7, 3},
		{"xn--cmebank-7va.com", 16, 0},
		{"hsbc.co.uk", 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Of(tt.name, tt.n); got != tt.want {
				t.Errorf("Of(%q, %d) = %d, want %d", tt.name, tt.n, got, tt.want)
			}
			if got := Of(strings.ToUpper(tt.name)+".", tt.n); got != tt.want {
				t.Errorf("case or a trailing dot moved %q to shard %d", tt.name, got)
			}
		})
	}
}

// 16,022 names (airfrance.fr's default set is that size) spread within 5 %
// of an even split over 3 and 8 shards.
func TestOfSpreads(t *testing.T) {
	for _, n := range []int{3, 8} {
		counts := make([]int, n)
		const names = 16022
		for i := range names {
			counts[Of(fmt.Sprintf("lookalike%05d.com", i), n)]++
		}
		even := names / n
		for s, c := range counts {
			if c < even*95/100 || c > even*105/100 {
				t.Errorf("%d shards: shard %d holds %d names, want about %d", n, s, c, even)
			}
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		arg     string
		want    Spec
		wantErr bool
	}{
		{"0/3", Spec{0, 3}, false},
		{" 2/3 ", Spec{2, 3}, false},
		{"0/1", Spec{0, 1}, false},
		{"3/3", Spec{}, true},
		{"-1/3", Spec{}, true},
		{"1/0", Spec{}, true},
		{"1", Spec{}, true},
		{"a/b", Spec{}, true},
		{"1/20000", Spec{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			got, err := Parse(tt.arg)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("Parse(%q) = %v, %v; want %v, error %v", tt.arg, got, err, tt.want, tt.wantErr)
			}
			if err != nil && (!errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tt.arg)) {
				t.Errorf("error %v: want ErrUsage naming the argument", err)
			}
		})
	}
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name, env string
		n         int
		want      Spec
		wantErr   bool
	}{
		{"index set", "2", 3, Spec{2, 3}, false},
		{"unset", "", 3, Spec{}, true},
		{"out of range", "3", 3, Spec{}, true},
		{"garbage", "x", 3, Spec{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromEnv(tt.n, func(k string) string {
				if k != IndexEnv {
					t.Errorf("looked up %s", k)
				}
				return tt.env
			})
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("FromEnv = %v, %v; want %v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// Every name is owned by exactly one shard.
func FuzzOf(f *testing.F) {
	f.Add("acmebank.com", 3)
	f.Add("", 1)
	f.Fuzz(func(t *testing.T, name string, n int) {
		n = n%64 + 1
		if n < 1 {
			n += 64
		}
		s := Of(name, n)
		if s < 0 || s >= n || s != Of(name, n) {
			t.Fatalf("Of(%q, %d) = %d", name, n, s)
		}
		owners := 0
		for i := range n {
			if (Spec{i, n}).Owns(name) {
				owners++
			}
		}
		if owners != 1 {
			t.Fatalf("%q has %d owners among %d shards", name, owners, n)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add("0/3")
	f.Add("9999/10000")
	f.Fuzz(func(t *testing.T, arg string) {
		s, err := Parse(arg)
		if err != nil {
			return
		}
		if s.Index < 0 || s.Index >= s.Count || s.Count > MaxCount {
			t.Fatalf("Parse(%q) = %v accepted", arg, s)
		}
		if again, err := Parse(s.String()); err != nil || again != s {
			t.Fatalf("round trip of %v: %v, %v", s, again, err)
		}
	})
}

func TestSelect(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == IndexEnv {
				return v
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name    string
		arg     string
		n       int
		index   string
		want    Spec
		wantErr bool
	}{
		{"unsharded", "", 0, "", Spec{}, false},
		{"--shard", "1/3", 0, "", Spec{Index: 1, Count: 3}, false},
		{"--shards from the environment", "", 4, "2", Spec{Index: 2, Count: 4}, false},
		{"both refused", "1/3", 3, "1", Spec{}, true},
		{"--shards without the index", "", 3, "", Spec{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Select(tc.arg, tc.n, env(tc.index))
			if (err != nil) != tc.wantErr || err != nil && !errors.Is(err, ErrUsage) || err == nil && got != tc.want {
				t.Errorf("Select(%q, %d) = %v, %v; want %v, error %v", tc.arg, tc.n, got, err, tc.want, tc.wantErr)
			}
		})
	}
}
