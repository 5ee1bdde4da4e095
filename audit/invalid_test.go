package audit

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/idna"
)

// aLabel encodes a label without any validation, as a careless encoder would.
func aLabel(t *testing.T, u string) string {
	t.Helper()
	a, err := idna.Punycode.ToASCII(u)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Hosts whose labels decode to U+FFFD, C1 or bidi controls are invalid
// names, not critical findings; real IDNs stay findings.
func TestInvalidULabelsAreNoReferences(t *testing.T) {
	tests := []struct {
		name  string
		label string // Unicode, encoded with aLabel
		want  bool   // still a reference
	}{
		{name: "replacement character", label: "pay\ufffdpal"},
		{name: "replacement character alone", label: "\ufffd"},
		{name: "C1 control", label: "pay\u0085pal"},
		{name: "C0 control", label: "pay\u0001pal"},
		{name: "right-to-left override", label: "pay\u202epal"},
		{name: "left-to-right mark", label: "paypal\u200e"},
		{name: "first strong isolate", label: "pay\u2068pal"},
		{name: "arabic letter mark", label: "pay\u061cpal"},
		{name: "a real IDN", label: "bücher", want: true},
		{name: "registered under IDNA2003", label: "♥", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := aLabel(t, tt.label) + ".com"
			text := "see https://" + host + "/login and write to help@" + host + "\n"
			var c collector
			if err := extractText(&c, strings.NewReader(text), newLocator("mail.txt")); err != nil {
				t.Fatal(err)
			}
			got := slices.ContainsFunc(c.refs, func(r Ref) bool { return r.Host == host })
			if got != tt.want {
				t.Errorf("%s (%q) referenced: %v, want %v (refs %v)", host, tt.label, got, tt.want, hosts(c.refs))
			}
			for _, r := range c.refs {
				checkRef(t, r)
			}
		})
	}
}

func TestBadULabel(t *testing.T) {
	tests := []struct {
		host string
		bad  bool
	}{
		{"abc.com", false},
		{"xn--bcher-kva.com", false},
		{"www.xn--bcher-kva.co.uk", false},
		{"xn--.com", true},    // decodes to nothing
		{"xn--99-.com", true}, // not punycode at all
		{"xn--zn7c.com", true},
	}
	for _, tt := range tests {
		if got := badULabel(tt.host); got != tt.bad {
			t.Errorf("badULabel(%s) = %v, want %v", tt.host, got, tt.bad)
		}
	}
}
