package similar

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFoldFast checks fold's shortcut for ASCII labels against the byte by
// byte fold, on random labels crowded with digits and letter pairs.
func TestFoldFast(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 50000; i++ {
		b := make([]byte, 1+r.IntN(12))
		for j := range b {
			b[j] = "rnclvv01345789ab-"[r.IntN(17)]
		}
		for _, pairs := range []bool{true, false} {
			v, p, f := fold(nil, nil, string(b), nil, len(b), pairs)
			wv, wp, wf := foldEach(nil, nil, string(b), nil, len(b), pairs)
			if string(v) != string(wv) || !slices.Equal(p, wp) || f != wf {
				t.Fatalf("fold(%q, pairs %v) = %q %v %v, byte by byte %q %v %v", b, pairs, v, p, f, wv, wp, wf)
			}
		}
	}
}
