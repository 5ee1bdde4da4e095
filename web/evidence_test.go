package web

import (
	"context"
	"net/netip"
	"slices"
	"testing"
)

func TestKnown(t *testing.T) {
	asked := []string{}
	next := func(_ context.Context, host string) ([]netip.Addr, error) {
		asked = append(asked, host)
		return []netip.Addr{netip.MustParseAddr("192.0.2.9")}, nil
	}
	l := Known(map[string][]string{"AcmeBnk.test.": {"192.0.2.1", "not an address", "2001:db8::1"}}, next)
	got, err := l(context.Background(), "acmebnk.test")
	if err != nil || !slices.Equal(got, []netip.Addr{netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("2001:db8::1")}) {
		t.Errorf("known host: %v, %v", got, err)
	}
	if _, err := l(context.Background(), "www.acmebnk.test"); err != nil || !slices.Equal(asked, []string{"www.acmebnk.test"}) {
		t.Errorf("unknown host: err %v, asked %v; want it passed on", err, asked)
	}
	if _, err := Known(nil, nil)(context.Background(), "x.test"); err == nil {
		t.Error("no addresses and nowhere to ask, yet no error")
	}
}

// The Examiner is what a scan calls: the brand once, then each name.
func TestExaminer(t *testing.T) {
	n := newTestNet(t)
	f := New(n.options())
	defer f.Close()
	e := &Examiner{Fetcher: f, Brand: testBrand}
	ctx := context.Background()
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if !e.BrandSite().Main().OK() {
		t.Fatalf("brand site %+v", e.BrandSite().Main())
	}
	tests := []struct {
		name string
		want []SignalKind
	}{
		{"acmebank-clone.test", []SignalKind{Impersonating}},
		{"acmebank-sale.test", []SignalKind{ParkedContent}},
		{"acmebakery.test", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := e.Examine(ctx, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			var got []SignalKind
			for _, s := range r.Signals {
				got = append(got, s.Kind)
			}
			if !slices.Equal(got, tt.want) || r.Status != 200 || r.TLS == nil {
				t.Errorf("record %+v, want signals %v, status 200 and a certificate", r, tt.want)
			}
		})
	}
}
