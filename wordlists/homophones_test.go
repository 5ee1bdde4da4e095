package wordlists

import (
	"strings"
	"testing"
)

func TestHomophones(t *testing.T) {
	hs := Homophones()
	if len(hs) < 40 {
		t.Fatalf("Homophones() has %d pairs, want at least 40", len(hs))
	}
	has := map[Homophone]bool{}
	for _, h := range hs {
		has[h] = true
		if !isLowerAlnum(h.From) || !isLowerAlnum(h.To) || h.From == h.To {
			t.Errorf("bad pair %+v", h)
		}
	}
	for _, want := range []Homophone{{"f", "ph"}, {"ce", "se"}, {"ci", "si"}, {"ance", "anse"}, {"k", "c"},
		{"ks", "x"}, {"oo", "u"}, {"ee", "ea"}, {"i", "y"}, {"z", "s"}, {"qu", "k"}, {"eau", "o"}} {
		if !has[want] && !has[Homophone{want.To, want.From}] {
			t.Errorf("Homophones() lacks %s/%s", want.From, want.To)
		}
	}
}

// The brief's acceptance case: airfrance must be able to become airfranse by
// one substitution, as the generator applies it.
func TestHomophoneAirfrance(t *testing.T) {
	found := false
	for _, h := range Homophones() {
		for _, p := range [][2]string{{h.From, h.To}, {h.To, h.From}} {
			if i := strings.Index("airfrance", p[0]); i >= 0 {
				if "airfrance"[:i]+p[1]+"airfrance"[i+len(p[0]):] == "airfranse" {
					found = true
				}
			}
		}
	}
	if !found {
		t.Error("no homophone turns airfrance into airfranse")
	}
}

func TestLoadHomophonesRejects(t *testing.T) {
	for name, in := range map[string]string{
		"reversed duplicate": "f ph\nph f\n",
		"self":               "f f\n",
		"upper case":         "F ph\n",
		"three fields":       "f ph x\n",
		"accent":             "é e\n",
	} {
		t.Run(name, func(t *testing.T) {
			lines, err := parseData("h.txt", []byte(goodHeader+in))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := parseHomophones("h.txt", lines); err == nil {
				t.Errorf("%q accepted", in)
			}
		})
	}
}
