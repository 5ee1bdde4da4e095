package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/lookalike/lookalike/e2e/world"
)

// verdict is what a scanner said about one name.
type verdict struct {
	domain string
	status string // registered, unregistered or unknown
}

// score counts a scanner's verdicts against the world's truth. The one
// number that must be zero for lookalike is wronglyUnregistered.
type score struct {
	names               int
	registered          int // names the world has registered
	found               int // of those, called registered
	wronglyUnregistered int // registered in the world, called unregistered
	unknown             int // called unknown (any truth)
	wronglyRegistered   int // unregistered in the world (NXDOMAIN), called registered
	wildcard            int // undecidable names under a wildcard TLD
	wrongNames          []string
}

func (s *score) add(m *world.Manifest, v verdict) {
	s.names++
	truth := m.Truth(v.domain)
	if truth == world.TruthRegistered {
		s.registered++
	}
	if truth == world.TruthWildcard {
		s.wildcard++
	}
	switch {
	case v.status == "unknown":
		s.unknown++
	case truth == world.TruthRegistered && v.status == "registered":
		s.found++
	case truth == world.TruthRegistered && v.status == "unregistered":
		s.wronglyUnregistered++
		s.wrongNames = append(s.wrongNames, v.domain)
	case truth == world.TruthUnregistered && v.status == "registered":
		s.wronglyRegistered++
	}
}

func (s *score) String() string {
	return fmt.Sprintf("names=%d registered=%d found=%d wrongly_unregistered=%d unknown=%d wrongly_registered=%d wildcard=%d",
		s.names, s.registered, s.found, s.wronglyUnregistered, s.unknown, s.wronglyRegistered, s.wildcard)
}

// readLookalike reads `lookalike scan --format jsonl`.
func readLookalike(r io.Reader, yield func(verdict) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var rec struct {
			Domain string `json:"domain"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if rec.Domain == "" || (rec.Status != "registered" && rec.Status != "unregistered" && rec.Status != "unknown") {
			return fmt.Errorf("line %d: want domain and a status of registered, unregistered or unknown", n)
		}
		if err := yield(verdict{rec.Domain, rec.Status}); err != nil {
			return err
		}
	}
	return sc.Err()
}

// readDnstwist reads `dnstwist --format json`: a name with any DNS field
// (dns_ns, dns_a, dns_aaaa, dns_mx, even "!ServFail") is what dnstwist
// calls registered; dnstwist has no "unknown".
func readDnstwist(r io.Reader, yield func(verdict) error) error {
	var recs []map[string]any
	if err := json.NewDecoder(r).Decode(&recs); err != nil {
		return fmt.Errorf("dnstwist JSON: %w", err)
	}
	for i, rec := range recs {
		d, _ := rec["domain"].(string)
		if d == "" {
			return fmt.Errorf("dnstwist record %d has no domain", i)
		}
		status := "unregistered"
		for _, k := range []string{"dns_ns", "dns_a", "dns_aaaa", "dns_mx"} {
			if _, ok := rec[k]; ok {
				status = "registered"
			}
		}
		// dnstwist reports the brand itself as the "*original" entry.
		if f, _ := rec["fuzzer"].(string); strings.Contains(f, "original") {
			continue
		}
		if err := yield(verdict{strings.ToLower(d), status}); err != nil {
			return err
		}
	}
	return nil
}

func check(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	dir := fs.String("dir", "", "the world's directory (required)")
	format := fs.String("format", "lookalike", "lookalike (scan JSONL) or dnstwist (JSON)")
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if *dir == "" || fs.NArg() != 1 {
		return fmt.Errorf("%w: check needs --dir and one results file", errUsage)
	}
	read := readLookalike
	switch *format {
	case "lookalike":
	case "dnstwist":
		read = readDnstwist
	default:
		return fmt.Errorf("%w: --format %q: want lookalike or dnstwist", errUsage, *format)
	}
	m, err := world.ReadManifest(filepath.Join(*dir, "manifest.json"))
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	var s score
	if err := read(f, func(v verdict) error { s.add(m, v); return nil }); err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if len(s.wrongNames) > 0 {
		shown := s.wrongNames[:min(10, len(s.wrongNames))]
		fmt.Fprintf(stderr, "registered in the world, called unregistered: %s\n", strings.Join(shown, " "))
	}
	_, err = fmt.Fprintln(stdout, s.String())
	return err
}
