package world

import (
	"net/netip"
	"testing"
)

func TestTestHost(t *testing.T) {
	a := Addrs{Net: 7}
	tests := []struct {
		i    int
		want string
	}{
		{0, "127.53.7.100"},
		{TestHosts - 1, "127.53.7.199"},
	}
	for _, tt := range tests {
		if got := a.TestHost(tt.i); got != tt.want {
			t.Errorf("TestHost(%d) = %s, want %s", tt.i, got, tt.want)
		}
	}
	for _, h := range []int{hostNSD, hostUnbound, hostLossy, hostWeb, hostPark, hostWild, hostLame, hostSilent} {
		if h >= hostTestFirst && h <= hostTestLast {
			t.Errorf("world host %d lies among the test hosts", h)
		}
	}
	if got := a.Prefix(); got != netip.MustParsePrefix("127.53.7.0/24") || !got.Contains(netip.MustParseAddr(a.TestHost(3))) || !got.Contains(netip.MustParseAddr(a.Web())) {
		t.Errorf("Prefix() = %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("TestHost(TestHosts) did not panic")
		}
	}()
	a.TestHost(TestHosts)
}
