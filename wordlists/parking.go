package wordlists

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// ParkingService is a domain-parking or domain-marketplace operator, known by
// the name servers it hands to the names it parks or sells.
type ParkingService struct {
	Name string   // "Sedo", "Bodis", "ParkingCrew", "Dan.com", "Afternic", ...
	NS   []string // name-server domain suffixes: "sedoparking.com", "bodis.com", ...
	Kind string   // "parking" or "marketplace"
}

type parkingSet struct {
	services []ParkingService
	bySuffix map[string]int // NS suffix -> index in services
}

var parkingData = sync.OnceValue(func() parkingSet {
	p, err := loadParking()
	if err != nil {
		panic(err)
	}
	return p
})

// loadParking reads "ns-suffix kind Service Name" lines; lines naming the same
// service are merged, in file order.
func loadParking() (parkingSet, error) {
	const name = "parking/parking.txt"
	lines, err := readData(name)
	if err != nil {
		return parkingSet{}, err
	}
	p := parkingSet{bySuffix: map[string]int{}}
	byName := map[string]int{}
	for _, f := range lines {
		if len(f) < 3 {
			return parkingSet{}, fmt.Errorf("wordlists: %s: line %q: want \"ns-suffix kind Service Name\"", name, strings.Join(f, " "))
		}
		suffix, kind, svc := f[0], f[1], strings.Join(f[2:], " ")
		if !isLowerDomain(suffix) || !strings.Contains(suffix, ".") {
			return parkingSet{}, fmt.Errorf("wordlists: %s: %q is not a lower-case domain of two labels or more", name, suffix)
		}
		if kind != "parking" && kind != "marketplace" {
			return parkingSet{}, fmt.Errorf("wordlists: %s: %s: kind %q is neither parking nor marketplace", name, suffix, kind)
		}
		if _, dup := p.bySuffix[suffix]; dup {
			return parkingSet{}, fmt.Errorf("wordlists: %s: %q listed twice", name, suffix)
		}
		i, ok := byName[svc]
		if !ok {
			i = len(p.services)
			byName[svc] = i
			p.services = append(p.services, ParkingService{Name: svc, Kind: kind})
		}
		if p.services[i].Kind != kind {
			return parkingSet{}, fmt.Errorf("wordlists: %s: %s is both %s and %s", name, svc, p.services[i].Kind, kind)
		}
		p.services[i].NS = append(p.services[i].NS, suffix)
		p.bySuffix[suffix] = i
	}
	return p, nil
}

// Parking lists the known parking and marketplace services. Only name servers
// that mean "parked or for sale" are listed, never general DNS hosting (a
// registrar's default servers also serve live sites, phishing ones included).
func Parking() []ParkingService {
	svcs := parkingData().services
	out := make([]ParkingService, len(svcs))
	for i, s := range svcs {
		s.NS = slices.Clone(s.NS)
		out[i] = s
	}
	return out
}

// ParkingByNS tells which parking or marketplace service the name-server host
// belongs to ("ns1.sedoparking.com." -> Sedo). The match is on a suffix at a
// label boundary, in any case, with or without the trailing dot; the longest
// listed suffix wins.
func ParkingByNS(host string) (ParkingService, bool) {
	p := parkingData()
	h := normalizeDomain(host)
	for h != "" {
		if i, ok := p.bySuffix[h]; ok {
			s := p.services[i]
			s.NS = slices.Clone(s.NS)
			return s, true
		}
		dot := strings.IndexByte(h, '.')
		if dot < 0 {
			break
		}
		h = h[dot+1:]
	}
	return ParkingService{}, false
}
