package audit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A file many times MaxFileSize is read to its end: every reference is
// found, on its own line, and none is cut in two at a piece's edge.
func TestScanPathsReadsBigFilesWhole(t *testing.T) {
	dir := t.TempDir()
	const refs = 40
	// A text file: a reference every ~MaxFileSize/10 bytes of filler lines.
	var text bytes.Buffer
	var wantText []string
	filler := strings.Repeat("filler line without hosts\n", MaxFileSize/10/26)
	for i := range refs {
		text.WriteString(filler)
		line := bytes.Count(text.Bytes(), []byte{'\n'}) + 1
		fmt.Fprintf(&text, "see https://ref%d-host.com/path\n", i)
		wantText = append(wantText, fmt.Sprintf("ref%d-host.com@%d", i, line))
	}
	// Minified code: one line, no breaks, quoted URLs every ~MaxFileSize/10 bytes.
	var js bytes.Buffer
	var wantJS []string
	code := strings.Repeat("a=b+c;", MaxFileSize/10/6)
	for i := range refs {
		js.WriteString(code)
		fmt.Fprintf(&js, `fetch("https://js%d-host.com/api");`, i)
		wantJS = append(wantJS, fmt.Sprintf("js%d-host.com@1", i))
	}
	for name, data := range map[string][]byte{"big.txt": text.Bytes(), "bundle.min.js": js.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		file string
		want []string
	}{
		{name: "text beyond MaxFileSize", file: "big.txt", want: wantText},
		{name: "minified code on one line beyond MaxFileSize", file: "bundle.min.js", want: wantJS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ScanPaths(context.Background(), []string{filepath.Join(dir, tt.file)})
			if err != nil {
				t.Fatal(err)
			}
			var seen []string
			for _, r := range got {
				checkRef(t, r)
				_, line, _ := strings.Cut(r.Source, ":")
				seen = append(seen, r.Host+"@"+line)
			}
			slices.Sort(seen)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(seen, want) {
				t.Errorf("found %d refs, want %d; first differences:\n got %.300q\nwant %.300q", len(seen), len(want), seen, want)
			}
		})
	}
}

func TestEachPiece(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		size   int
		pieces []string
		lines  []int
	}{
		{name: "fits", in: "a\nb\n", size: 16, pieces: []string{"a\nb\n"}, lines: []int{1}},
		{name: "cut at line breaks", in: "aa\nbb\ncc\n", size: 7, pieces: []string{"aa\nbb\n", "cc\n"}, lines: []int{1, 3}},
		{name: "no line break: cut after a delimiter", in: `x="a.com";y="b.com";`, size: 12,
			pieces: []string{`x="a.com";`, `y="b.com";`}, lines: []int{1, 1}},
		{name: "neither: cut where it is", in: "abcdefghij", size: 4, pieces: []string{"abcd", "efgh", "ij"}, lines: []int{1, 1, 1}},
		{name: "empty", in: "", size: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pieces []string
			var lines []int
			err := eachPiece(context.Background(), strings.NewReader(tt.in), tt.size, func(p []byte, line int) error {
				pieces = append(pieces, string(p))
				lines = append(lines, line)
				return nil
			})
			if err != nil || !slices.Equal(pieces, tt.pieces) || !slices.Equal(lines, tt.lines) {
				t.Errorf("pieces %q lines %v err %v; want %q %v", pieces, lines, err, tt.pieces, tt.lines)
			}
		})
	}
}

func FuzzEachPiece(f *testing.F) {
	f.Add("a\nbb\nccc dddd;eeeee\n", 3)
	f.Fuzz(func(t *testing.T, in string, size int) {
		size = 1 + (size%64+64)%64
		var all strings.Builder
		next := 1
		err := eachPiece(context.Background(), strings.NewReader(in), size, func(p []byte, line int) error {
			if len(p) == 0 || len(p) > size {
				t.Fatalf("piece of %d bytes (size %d)", len(p), size)
			}
			if line != next {
				t.Fatalf("piece starts on line %d, want %d", line, next)
			}
			next += bytes.Count(p, []byte{'\n'})
			all.Write(p)
			return nil
		})
		if err != nil || all.String() != in {
			t.Fatalf("pieces join to %q (err %v), want %q", all.String(), err, in)
		}
	})
}
