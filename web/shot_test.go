package web

import (
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// needChromium skips without a browser, except under CI, where the
// screenshot tests must run (.ci/run installs chromium).
func needChromium(t *testing.T, err error) {
	t.Helper()
	if errors.Is(err, ErrNoChromium) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v, and CI=true requires the screenshot tests to run", err)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestScreenshots(t *testing.T) {
	n := newTestNet(t)
	f := New(n.options())
	defer f.Close()
	dir := filepath.Join(t.TempDir(), "shots")
	ctx := context.Background()
	sh, err := f.NewShooter(ctx, ShotOptions{Dir: dir})
	needChromium(t, err)
	defer sh.Close()

	shots := map[string]Shot{}
	for _, host := range []string{"acmebank.test", "acmebank-clone.test", "acmebnk.test", "acmebakery.test", "acmebank-sale.test"} {
		s, err := sh.Shoot(ctx, host, "http://"+host+"/")
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		fh, err := os.Open(s.Path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(fh)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", s.Path, err)
		}
		if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
			t.Errorf("%s: %v, want a viewport-sized picture", s.Path, b)
		}
		shots[host] = s
	}
	for h, s := range shots {
		t.Logf("%s: similarity %d", h, ShotSimilarity(s, shots["acmebank.test"]))
	}
	brand := shots["acmebank.test"]
	tests := []struct {
		name, host string
		min, max   int
	}{
		{"an exact clone looks the same", "acmebank-clone.test", 95, 100},
		{"an unrelated shop does not", "acmebakery.test", 0, 75},
		{"nor does a parking lander", "acmebank-sale.test", 0, 75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ShotSimilarity(shots[tt.host], brand); got < tt.min || got > tt.max {
				t.Errorf("shot similarity %d, want %d–%d", got, tt.min, tt.max)
			}
		})
	}
	if kit, bakery := ShotSimilarity(shots["acmebnk.test"], brand), ShotSimilarity(shots["acmebakery.test"], brand); kit <= bakery {
		t.Errorf("kit %d, bakery %d: the kit, on the brand's markup, should look closer", kit, bakery)
	}

	// Through the Examiner, as a scan does it: the brand's shot once, then
	// each name's, compared.
	e := &Examiner{Fetcher: f, Brand: testBrand, Shooter: sh}
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := e.Examine(ctx, "acmebank-clone.test")
	if err != nil {
		t.Fatal(err)
	}
	if r.ShotSimilarity == nil || *r.ShotSimilarity < 95 || r.Screenshot == "" {
		t.Errorf("examined clone: screenshot %q similarity %v, want a close match", r.Screenshot, r.ShotSimilarity)
	}

	// The browser follows a redirect to a private address only as far as
	// the proxy, which refuses to dial it.
	if _, err := sh.Shoot(ctx, "acmebank-go.test", "http://acmebank-go.test/"); err != nil {
		t.Logf("private redirect: %v", err)
	}
	if sh.proxy.refused.Load() == 0 {
		t.Error("the proxy refused nothing: the redirect to 10.11.12.13 went through or was never tried")
	}
}

func TestFindChromium(t *testing.T) {
	_, err := FindChromium("/nonexistent/chromium")
	if !errors.Is(err, ErrNoChromium) {
		t.Fatalf("err %v, want ErrNoChromium", err)
	}
	if want := "apt-get install chromium"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q should say how to install it (%q)", err, want)
	}
}

func TestFileName(t *testing.T) {
	tests := map[string]string{
		"acmebnk.com":         "acmebnk.com",
		"xn--cmebank-7va.com": "xn--cmebank-7va.com",
		"../../etc/passwd":    "_.._etc_passwd",
		"":                    "_",
		"A/B":                 "a_b",
	}
	for in, want := range tests {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}
