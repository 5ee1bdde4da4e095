package match

import (
	"context"
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

func TestCheckSources(t *testing.T) {
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
			err := CheckSources(tc.list, tc.zone, tc.origin, tc.ct)
			if (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
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
