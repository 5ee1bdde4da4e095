package wordlists

import (
	"fmt"
	"strings"
	"sync"
)

// ParkingPage is one sign that a web page is a parking or for-sale lander.
type ParkingPage struct {
	// Service is the parking or marketplace service whose template this
	// is ("Sedo"), and Kind its kind ("parking" or "marketplace"); both are
	// empty for a phrase every service uses.
	Service, Kind string
	// Where is "host" (Phrase is a domain the page loads code from or
	// ends on) or "text" (Phrase is in the visible text).
	Where string
	// Phrase is lower-case, its words separated by single spaces.
	Phrase string
}

// Where values of ParkingPage.
const (
	ParkingHost = "host"
	ParkingText = "text"
)

var parkingPagesData = sync.OnceValue(func() []ParkingPage {
	p, err := loadParkingPages()
	if err != nil {
		panic(err)
	}
	return p
})

// loadParkingPages reads "key where phrase..." lines; key is an NS suffix of
// parking.txt or "-".
func loadParkingPages() ([]ParkingPage, error) {
	const name = "parking/pages.txt"
	lines, err := readData(name)
	if err != nil {
		return nil, err
	}
	return parkingPagesFrom(name, lines)
}

// parkingPagesFrom checks and converts the lines of a pages file.
func parkingPagesFrom(name string, lines [][]string) ([]ParkingPage, error) {
	seen := map[string]bool{}
	var out []ParkingPage
	for _, f := range lines {
		if len(f) < 3 {
			return nil, fmt.Errorf("wordlists: %s: line %q: want \"key where phrase...\"", name, strings.Join(f, " "))
		}
		key, where, phrase := f[0], f[1], strings.Join(f[2:], " ")
		p := ParkingPage{Where: where, Phrase: phrase}
		if key != "-" {
			svc, ok := parkingData().bySuffix[key]
			if !ok {
				return nil, fmt.Errorf("wordlists: %s: key %q is not a name-server suffix of parking/parking.txt (or \"-\")", name, key)
			}
			p.Service, p.Kind = parkingData().services[svc].Name, parkingData().services[svc].Kind
		}
		if phrase != strings.ToLower(phrase) {
			return nil, fmt.Errorf("wordlists: %s: phrase %q must be lower-case", name, phrase)
		}
		switch where {
		case ParkingHost:
			if !isLowerDomain(phrase) || !strings.Contains(phrase, ".") {
				return nil, fmt.Errorf("wordlists: %s: host %q is not a lower-case domain of two labels or more", name, phrase)
			}
		case ParkingText:
			if len(phrase) < 6 {
				return nil, fmt.Errorf("wordlists: %s: text %q is too short to tell a lander from a page", name, phrase)
			}
		default:
			return nil, fmt.Errorf("wordlists: %s: %q: where %q is neither host nor text", name, phrase, where)
		}
		k := where + " " + phrase
		if seen[k] {
			return nil, fmt.Errorf("wordlists: %s: %s %q listed twice", name, where, phrase)
		}
		seen[k] = true
		out = append(out, p)
	}
	return out, nil
}

// ParkingPages lists the signs of parking and for-sale landers, in file
// order: service hosts first, then notices that name a service, then the
// notices every service uses.
func ParkingPages() []ParkingPage {
	return append([]ParkingPage(nil), parkingPagesData()...)
}
