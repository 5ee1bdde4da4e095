package notify

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/lookalike/lookalike/internal/golden"

	"github.com/lookalike/lookalike/history"
)

// TestTextGolden renders the changes of history's golden scenario (every kind
// of change in one night) as people read them.
func TestTextGolden(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "history", "testdata", "changes.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cs []history.Change
	if err := json.Unmarshal(raw, &cs); err != nil {
		t.Fatal(err)
	}
	cs = append(cs, history.Change{Brand: "brand.fr", Domain: "xn--brnd-6na.fr", Unicode: "bránd.fr",
		Kind: history.NewlyRegistered, Field: "status", Verdict: "third-party", Risk: 95})
	m := NewMessage(cs)
	got := []byte(m.Text + "-- cut at 3 --\n" + Text(m.Changes, 3))
	golden.Check(t, filepath.Join("testdata", "listing.golden.txt"), got)
}

func TestSubject(t *testing.T) {
	tests := []struct {
		name string
		cs   []history.Change
		want string
	}{
		{"none", nil, "lookalike: no changes"},
		{"one", sample[:1], "lookalike: 1 change for brand.fr (1 newly-registered)"},
		{"two brands", append([]history.Change{{Brand: "other.com", Kind: history.GainedMX}}, sample...),
			"lookalike: 3 changes for brand.fr, other.com (1 newly-registered, 1 gained-mx, 1 dropped)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Subject(tt.cs); got != tt.want {
				t.Errorf("Subject = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzText checks that whatever the network put in a change, the listing has
// no control character but its line ends, and one line per change.
func FuzzText(f *testing.F) {
	f.Add("xn--brnd-6na.fr", "bránd.fr", "third-party", "mx.example")
	f.Add("a.fr", "a\x1b[2Jb", "x\ny", "\u202egro.evil")
	f.Fuzz(func(t *testing.T, domain, unicode_, verdict, mx string) {
		cs := []history.Change{{Brand: "b.fr", Domain: domain, Unicode: unicode_, Kind: history.NewlyRegistered,
			Verdict: verdict, MX: []string{mx}}}
		text := Text(cs, 0)
		for _, r := range text {
			if r != '\n' && (unicode.IsControl(r) || (r >= 0x202a && r <= 0x202e)) {
				t.Fatalf("control character %U in listing %q", r, text)
			}
		}
		if n := strings.Count(text, "\n"); n != 3 {
			t.Fatalf("%d lines, want subject, blank, one change: %q", n, text)
		}
	})
}
