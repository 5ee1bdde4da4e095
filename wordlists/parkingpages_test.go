package wordlists

import (
	"strings"
	"testing"
)

func TestParkingPagesData(t *testing.T) {
	pages := ParkingPages()
	if len(pages) < 30 {
		t.Fatalf("ParkingPages() has %d signs, want at least 30", len(pages))
	}
	services := map[string]bool{}
	generic := 0
	for _, p := range pages {
		if p.Phrase != strings.ToLower(p.Phrase) || p.Phrase != strings.Join(strings.Fields(p.Phrase), " ") {
			t.Errorf("%q: not lower-case with single spaces", p.Phrase)
		}
		if p.Where != ParkingHost && p.Where != ParkingText {
			t.Errorf("%q: where %q", p.Phrase, p.Where)
		}
		if p.Service == "" {
			generic++
			if p.Kind != "" {
				t.Errorf("%q: generic sign with kind %q", p.Phrase, p.Kind)
			}
			continue
		}
		services[p.Service] = true
		if p.Kind != "parking" && p.Kind != "marketplace" {
			t.Errorf("%q: service %s has kind %q", p.Phrase, p.Service, p.Kind)
		}
	}
	if generic == 0 {
		t.Error("no generic for-sale notices")
	}
	for _, want := range []string{"Sedo", "Bodis", "ParkingCrew", "Dan.com", "Afternic", "HugeDomains"} {
		if !services[want] {
			t.Errorf("no sign of %s", want)
		}
	}
}

func TestLoadParkingPagesRejects(t *testing.T) {
	header := "# source: test\n# licence: test\n# date: 2026-12-02\n"
	tests := []struct {
		name, line, want string
	}{
		{"unknown service", "example.com host example.com", "not a name-server suffix"},
		{"bad where", "- body this domain is for sale", "neither host nor text"},
		{"upper case", "- text Buy This Domain", "lower-case"},
		{"host not a domain", "sedoparking.com host sedo", "not a lower-case domain"},
		{"text too short", "- text sale", "too short"},
		{"too few fields", "- text", "want \"key where phrase"},
		{"listed twice", "- text buy this domain\n- text buy   this domain", "listed twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, err := parseData("parking/pages.txt", []byte(header+tt.line+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = parkingPagesFrom("parking/pages.txt", lines)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
