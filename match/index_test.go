package match

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/lookalike/lookalike/permute"
)

func TestCollectDedupesAndSorts(t *testing.T) {
	var brands []permute.Brand
	for _, d := range []string{"paypal.com", "dhl.com"} {
		b, err := permute.ParseBrand(d)
		if err != nil {
			t.Fatal(err)
		}
		brands = append(brands, b)
	}
	ix, err := NewIndex(brands, map[string]bool{"paypal-login.com": true})
	if err != nil {
		t.Fatal(err)
	}
	in := "www.paypal-secure.com\npaypal-secure.com\ndhl-tracking.net\npaypal-login.com\nexample.org\n"
	for _, workers := range []int{1, 4} {
		cands, st, err := Collect(context.Background(), Options{Index: ix, Sources: []Source{List("in", strings.NewReader(in))}, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cands {
			got = append(got, c.Brand+" "+c.Domain)
		}
		want := "dhl.com dhl-tracking.net,paypal.com paypal-secure.com"
		if strings.Join(got, ",") != want || st.Observed != 5 {
			t.Errorf("workers %d: got %q (observed %d), want %q: one name a registrable domain, sorted, the portfolio left out", workers, got, st.Observed, want)
		}
	}
	cands, _, err := Collect(context.Background(), Options{Index: ix, Sources: []Source{List("in", strings.NewReader("example.org\n"))}})
	if err != nil || cands == nil {
		t.Errorf("no match: got %v, %v; want an empty, non-nil list", cands, err)
	}
}

func TestSourceSpecCheck(t *testing.T) {
	for _, tc := range []struct {
		name, list, zone, origin, ct, err string
	}{
		{name: "list", list: "-"},
		{name: "zone with origin", zone: "com.zone", origin: "com"},
		{name: "ct", ct: "https://ct.example/2026h1"},
		{name: "none", err: "nothing to read"},
		{name: "two", list: "a", zone: "b", err: "one source a run"},
		{name: "origin without zone", list: "a", origin: "com", err: "--zone-origin goes with --zone"},
		{name: "ct not http", ct: "ftp://ct.example/", err: "not an http(s) URL"},
		{name: "ct without host", ct: "https:///x", err: "not an http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := SourceSpec{List: tc.list, Zone: tc.zone, ZoneOrigin: tc.origin, CT: CTOptions{URL: tc.ct}}.Check()
			if (err == nil) != (tc.err == "") || err != nil && (!strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrSpec)) {
				t.Errorf("got %v, want %q", err, tc.err)
			}
		})
	}
}

func TestLaterStateCommitsOnlyWhenAsked(t *testing.T) {
	f := &FileState{Path: t.TempDir() + "/ct.json"}
	l := &LaterState{State: f}
	if err := l.SetPosition("log", 42); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := f.Position("log"); ok {
		t.Fatal("position written before Commit")
	}
	if err := l.Commit(); err != nil {
		t.Fatal(err)
	}
	if n, ok, _ := (&FileState{Path: f.Path}).Position("log"); !ok || n != 42 {
		t.Errorf("after Commit the file holds %d, %v; want 42", n, ok)
	}
	if err := (*LaterState)(nil).Commit(); err != nil {
		t.Errorf("nil Commit: %v", err)
	}
}

func TestSourceSpecOpen(t *testing.T) {
	dir := t.TempDir()
	list := dir + "/nrd.txt"
	if err := os.WriteFile(list, []byte("paypa1.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		spec    SourceSpec
		source  string
		pos     bool
		wantErr string
	}{
		{"a list file", SourceSpec{List: list}, "list:" + list, false, ""},
		{"standard input", SourceSpec{List: "-", Stdin: strings.NewReader("x.com\n")}, "list:-", false, ""},
		{"missing file", SourceSpec{Zone: dir + "/com.zone"}, "", false, "--zone " + dir + "/com.zone: no such file"},
		{"ct without a kept position", SourceSpec{CT: CTOptions{URL: "http://127.0.0.1:1/log"}}, "ct:http://127.0.0.1:1/log", false, ""},
		{"ct position beside the state", SourceSpec{CT: CTOptions{URL: "http://127.0.0.1:1/log"}, History: dir + "/state.db"}, "ct:http://127.0.0.1:1/log", true, ""},
		{"ct position with a database state", SourceSpec{CT: CTOptions{URL: "http://127.0.0.1:1/log"}, History: "postgres://127.0.0.1/x"}, "", false, "give --ct-state FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, pos, done, err := tc.spec.Open()
			defer done()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, ErrSpec) {
					t.Fatalf("err %v, want %q wrapping ErrSpec", err, tc.wantErr)
				}
				return
			}
			if err != nil || src.Name() != tc.source || (pos != nil) != tc.pos {
				t.Errorf("Open = %v, position %v, %v; want %s, position %v", src, pos, err, tc.source, tc.pos)
			}
		})
	}
}

func TestStatsLines(t *testing.T) {
	st := Stats{Observed: 10, Matched: 2, Junk: 3, Errors: []Junk{{Source: "list:x", Pos: 4, Input: "not a name", Why: "no dot"}}}
	got := st.Lines(59, "list:x")
	if len(got) != 3 || !strings.Contains(got[1], "and 2 more") || got[2] != "matched 2 of 10 observed names against 59 brand(s) from list:x; 3 skipped" {
		t.Errorf("Lines = %q", got)
	}
}
