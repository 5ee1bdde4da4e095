package similar

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/lookalike/lookalike/names"
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

// TestFoldable checks foldable's 8 bytes at a time against its byte by byte
// reading, on random texts of 0 to 24 bytes crowded with digits, letter
// pairs and the bytes beside them in ASCII (and some above it); digits
// tell only where no pair is.
func TestFoldable(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const abc = "rnclvv0123456789/:abmqw-\xc3\x7f"
	for i := 0; i < 100000; i++ {
		b := make([]byte, r.IntN(25))
		for j := range b {
			b[j] = abc[r.IntN(len(abc))]
			if r.IntN(3) > 0 {
				b[j] = "abdefghijkmopqstuxyz"[r.IntN(20)]
			}
		}
		for _, pairs := range []bool{true, false} {
			d, p := foldable(string(b), pairs)
			wd, wp := foldableBytes(string(b), pairs)
			if p != wp || !p && d != wd { // (with a pair, fold reads digits byte by byte)
				t.Fatalf("foldable(%q, %v) = %v %v, byte by byte %v %v", b, pairs, d, p, wd, wp)
			}
		}
	}
}

// TestIsASCII checks isASCII against names.IsASCII, a byte above ASCII at
// every place of texts of 0 to 24 bytes.
func TestIsASCII(t *testing.T) {
	for n := 0; n <= 24; n++ {
		for at := -1; at < n; at++ {
			b := []byte("abcdefghijklmnopqrstuvwxyz"[:n])
			if at >= 0 {
				b[at] = 0x80 + byte(at)
			}
			if got, want := isASCII(string(b)), names.IsASCII(string(b)); got != want {
				t.Fatalf("isASCII(%q) = %v, want %v", b, got, want)
			}
		}
	}
}
