package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lookalike/lookalike/names"
)

// The verdicts the defender formats know by name. They are strings, not
// judge's type, so that a verdict added there (impersonating) needs no change
// here beyond this list.
const (
	VerdictImpersonating = "impersonating"
	VerdictThirdParty    = "third-party"
	VerdictParked        = "parked"
	VerdictDefend        = "defend"
	VerdictOwned         = "owned"
	VerdictUnknown       = "unknown"
)

// DefaultExportVerdicts are the names worth blocking: registered by someone
// else. A defend name is not registered yet (blocking it is harmless but
// noisy), and unknown ones may be anything.
var DefaultExportVerdicts = []string{VerdictImpersonating, VerdictThirdParty, VerdictParked}

// ExportableVerdicts are the verdicts a filter may name: every verdict but
// owned.
var ExportableVerdicts = []string{VerdictImpersonating, VerdictThirdParty, VerdictParked, VerdictDefend, VerdictUnknown}

// ExportOptions configure the defender formats (blocklist, rpz, stix, misp).
// The zero value exports DefaultExportVerdicts with the zero time.
type ExportOptions struct {
	// Verdicts chooses which records are exported; nil means
	// DefaultExportVerdicts. "owned" is refused by Validate: a blocklist that
	// holds the brand's own names breaks the brand.
	Verdicts []string
	// Protect are domains never exported, nor any name beneath them: the
	// brand domains and the portfolio. Each record's own brand is always
	// protected, whatever this says.
	Protect []string
	// Now stamps the output (RPZ serial, STIX created/valid_from, MISP date).
	// Give the scan's start time: two writes of the same findings at the same
	// time are byte for byte the same.
	Now time.Time
	// Producer names who made the export (STIX identity, MISP Orgc, RPZ
	// comment); empty means "lookalike".
	Producer string
	// Zone is the RPZ's origin; empty means DefaultRPZZone.
	Zone string
	// TLP is the MISP and STIX marking ("clear", "green", "amber", "red");
	// empty means "amber".
	TLP string
}

// Validate checks the options a command line filled in.
func (o ExportOptions) Validate() error {
	for _, v := range o.Verdicts {
		if v == VerdictOwned {
			return fmt.Errorf("verdict filter %q: owned names are the brand's own and are never exported to a blocklist; leave owned out", strings.Join(o.Verdicts, ","))
		}
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("verdict filter %q has an empty entry; list verdicts separated by commas", strings.Join(o.Verdicts, ","))
		}
		if !slices.Contains(ExportableVerdicts, v) {
			return fmt.Errorf("verdict filter: unknown verdict %q (want some of %s)", v, strings.Join(ExportableVerdicts, ", "))
		}
	}
	if o.Zone != "" {
		if _, ok := exportName(strings.TrimSuffix(o.Zone, ".")); !ok {
			return fmt.Errorf("RPZ zone %q is not a domain name; give one such as %s", o.Zone, DefaultRPZZone)
		}
	}
	switch o.TLP {
	case "", "clear", "green", "amber", "red":
	default:
		return fmt.Errorf("TLP %q: want clear, green, amber or red", o.TLP)
	}
	return nil
}

func (o ExportOptions) producer() string {
	if o.Producer == "" {
		return "lookalike"
	}
	return Clean(o.Producer)
}

func (o ExportOptions) tlp() string {
	if o.TLP == "" {
		return "amber"
	}
	return o.TLP
}

// exported is what a defender format keeps of a record.
type exported struct {
	domain   string // A-label
	unicode  string
	brand    string
	verdict  string
	risk     int
	mail     bool
	evidence string
	fuzzers  []string
	parking  string
}

// exportSet collects the records a defender format writes. The formats are
// documents (a zone, a bundle, an event), sorted so that identical findings
// give identical files, so they keep the exported names; those are the
// registered lookalikes, a few per thousand candidates.
type exportSet struct {
	verdicts []string
	protect  []string
	byName   map[string]*exported
}

func newExportSet(o ExportOptions) *exportSet {
	s := &exportSet{verdicts: o.Verdicts, byName: map[string]*exported{}}
	if s.verdicts == nil {
		s.verdicts = DefaultExportVerdicts
	}
	for _, p := range o.Protect {
		if n, ok := exportName(p); ok {
			s.protect = append(s.protect, n)
		}
	}
	return s
}

// add keeps r if its verdict is chosen and its name is neither protected nor
// malformed. A name that is not a valid host name is dropped rather than
// written: in a zone file or a STIX pattern it could be read as syntax.
func (s *exportSet) add(r Record) {
	verdict := Text(r.Get("verdict"))
	if verdict == VerdictOwned || !slices.Contains(s.verdicts, verdict) {
		return
	}
	if slices.Contains(strings.Split(Text(r.Get("evidence")), EvidenceSep), "in portfolio") {
		return
	}
	name, ok := exportName(Text(r.Get("domain")))
	if !ok {
		return
	}
	brand, _ := exportName(Text(r.Get("brand")))
	if brand != "" && under(name, brand) {
		return
	}
	for _, p := range s.protect {
		if under(name, p) {
			return
		}
	}
	e := &exported{
		domain:   name,
		unicode:  Clean(Text(r.Get("unicode"))),
		brand:    brand,
		verdict:  verdict,
		evidence: Clean(Text(r.Get("evidence"))),
		parking:  Clean(Text(r.Get("parking"))),
	}
	if e.unicode == "" {
		e.unicode = name
	}
	if n, ok := r.Get("risk").(int); ok {
		e.risk = n
	}
	if m, ok := r.Get("mail").(bool); ok {
		e.mail = m
	}
	switch f := r.Get("fuzzers").(type) {
	case []string:
		for _, x := range f {
			e.fuzzers = append(e.fuzzers, Clean(x))
		}
	case string:
		e.fuzzers = strings.Fields(Clean(f))
	}
	if len(e.fuzzers) == 0 {
		if f := Clean(Text(r.Get("fuzzer"))); f != "" {
			e.fuzzers = []string{f}
		}
	}
	// One name, one entry: when several brands claim it, the riskiest
	// record speaks for it, then the first brand by name, whatever the order.
	if old, ok := s.byName[name]; ok {
		if cmp.Or(cmp.Compare(old.risk, e.risk), cmp.Compare(e.brand, old.brand)) <= 0 {
			return
		}
	}
	s.byName[name] = e
}

// sorted returns the entries by name.
func (s *exportSet) sorted() []*exported {
	out := make([]*exported, 0, len(s.byName))
	for _, e := range s.byName {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *exported) int { return strings.Compare(a.domain, b.domain) })
	return out
}

// brands lists the brands of the entries, sorted.
func brandsOf(es []*exported) []string {
	var out []string
	for _, e := range es {
		if e.brand != "" && !slices.Contains(out, e.brand) {
			out = append(out, e.brand)
		}
	}
	slices.Sort(out)
	return out
}

// under reports whether name is d or a name beneath it.
func under(name, d string) bool {
	return name == d || strings.HasSuffix(name, "."+d)
}

// exportName brings a name to the form the defender formats write: a
// lower-case A-label without the final dot, every label letters, digits and
// hyphens (underscores too, as service labels carry them), 253 octets at most.
func exportName(s string) (string, bool) {
	a, ok := names.ToASCII(s)
	if !ok || !strings.Contains(a, ".") {
		return "", false
	}
	return a, true
}
