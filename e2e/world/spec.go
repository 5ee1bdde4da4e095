package world

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/miekg/dns"
	"golang.org/x/net/idna"
)

// Kind says how a registered name is set up in the world.
type Kind string

// The kinds of registered names. Every kind but Lame and Silent has a zone
// on NSD; those two are delegated to servers that cannot answer.
const (
	// AMX: apex A and MX (the seed case: a lookalike that receives mail).
	AMX Kind = "a+mx"
	// NSOnly: delegated, the zone holds only SOA and NS (NODATA for A and MX).
	NSOnly Kind = "ns-only"
	// MXOnly: MX, no apex A.
	MXOnly Kind = "mx-only"
	// AOnly: apex A, no MX.
	AOnly Kind = "a-only"
	// Lame: delegated to name servers whose glue points at an address where
	// nothing listens (Addrs.Lame), so they refuse at once.
	Lame Kind = "lame"
	// Silent: delegated to a name server that reads every query and never
	// answers (Addrs.Silent), so a resolver times out on it.
	Silent Kind = "silent"
	// Parked: NS at a parking service (Spec.Parking), apex A at its parking page.
	Parked Kind = "parked"
	// Owned: NS under the brand's own domain, mail by the brand's mail host.
	Owned Kind = "owned"
	// BrandKind marks the brand's own domain in a Manifest; a Spec lists brands
	// in Spec.Brands, not as names.
	BrandKind Kind = "brand"
)

var specKinds = []Kind{AMX, NSOnly, MXOnly, AOnly, Lame, Silent, Parked, Owned}

// hosted reports whether NSD serves a zone for a name of this kind.
func (k Kind) hosted() bool { return k != Lame && k != Silent }

// Name is one registered name of a Spec.
type Name struct {
	Domain string `json:"domain"`
	Kind   Kind   `json:"kind"`
	// Brand is the brand domain an Owned name belongs to; ignored otherwise.
	Brand string `json:"brand,omitempty"`
}

// Spec says what the world holds. Every domain is an A-label, lower-case,
// without a trailing dot; brands and registered names are registrable domains.
type Spec struct {
	// Brands are the brands' own domains, each with a full zone (NS, A, MX,
	// SOA contact) as a brand profile needs.
	Brands []string `json:"brands"`
	// Registered are the lookalikes that exist in the world.
	Registered []Name `json:"registered"`
	// Unregistered are names left out of every zone (NXDOMAIN, or a wildcard
	// answer under a wildcard TLD), listed for contrast.
	Unregistered []string `json:"unregistered,omitempty"`
	// TLDs are public suffixes to serve even when no name uses them, so that
	// their names get NXDOMAIN from the TLD rather than from the root.
	TLDs []string `json:"tlds,omitempty"`
	// WildcardTLDs answer A for every name beneath them (*.tld).
	WildcardTLDs []string `json:"wildcard_tlds,omitempty"`
	// Parking are the name servers of the parking service that Parked names
	// are delegated to; nil means ns1.sedoparking.com and ns2.sedoparking.com.
	Parking []string `json:"parking,omitempty"`
	// Loss is the fraction of queries the lossy front drops (0 ≤ Loss < 1);
	// 0 means no lossy front.
	Loss float64 `json:"loss,omitempty"`
	// Records are extra records in the zones the world hosts: a brand's SPF
	// and DMARC TXT, more MX, CNAMEs of its hosts, as an audit reads them.
	Records []Record `json:"records,omitempty"`
	// RPZ are response policy zones unbound loads; see RPZ.
	RPZ []RPZ `json:"rpz,omitempty"`
}

// Record is one extra record in the zone of a brand or of a registered name
// that NSD hosts (every kind but Lame and Silent).
type Record struct {
	// Owner is the record's name: the zone's apex or a name beneath it,
	// lower-case, without the trailing dot. Labels may start with "_"
	// (_dmarc, _spf, selector1._domainkey).
	Owner string `json:"owner"`
	// Type is one of RecordTypes.
	Type string `json:"type"`
	// Data is the record's data in zone-file syntax; names in it are read as
	// absolute, with or without the final dot: "10 mx.example.net",
	// "\"v=spf1 include:_spf.example.net -all\"". A and AAAA must be loopback
	// addresses, so that nothing that follows the world leaves 127.0.0.0/8.
	Data string `json:"data"`
}

// RecordTypes are the types a Record may have: what a brand's mail and web
// set-up is made of. NS and SOA belong to the kinds, not to extra records.
var RecordTypes = []string{"A", "AAAA", "CNAME", "MX", "TXT"}

// ErrSpec is wrapped by every error that reports a bad Spec.
var ErrSpec = errors.New("bad world spec")

func specErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSpec, fmt.Sprintf(format, args...))
}

// defaultParking is Sedo's parking pair, the best known parking name servers.
var defaultParking = []string{"ns1.sedoparking.com", "ns2.sedoparking.com"}

func (s *Spec) parking() []string {
	if len(s.Parking) == 0 {
		return defaultParking
	}
	return s.Parking
}

// Validate reports the first problem with the spec, wrapping ErrSpec.
func (s *Spec) Validate() error {
	if len(s.Brands) == 0 {
		return specErr("no brands: list at least one brand domain")
	}
	if s.Loss < 0 || s.Loss >= 1 {
		return specErr("loss %v: want a fraction in [0, 1)", s.Loss)
	}
	seen := map[string]string{}
	claim := func(d, what string) error {
		if prev, ok := seen[d]; ok {
			return specErr("%s %q is also listed as %s: list each name once", what, d, prev)
		}
		seen[d] = what
		return nil
	}
	brands := map[string]bool{}
	for _, b := range s.Brands {
		if err := checkRegistrable(b, "brand"); err != nil {
			return err
		}
		if err := claim(b, "a brand"); err != nil {
			return err
		}
		brands[b] = true
	}
	for _, n := range s.Registered {
		if err := checkRegistrable(n.Domain, "registered name"); err != nil {
			return err
		}
		if !slices.Contains(specKinds, n.Kind) {
			return specErr("registered name %q has kind %q: want one of %v", n.Domain, n.Kind, specKinds)
		}
		if n.Kind == Owned && !brands[n.Brand] {
			return specErr("owned name %q names brand %q, which is not in brands %v", n.Domain, n.Brand, s.Brands)
		}
		if err := claim(n.Domain, "a registered name"); err != nil {
			return err
		}
	}
	for _, d := range s.Unregistered {
		if err := checkName(d, "unregistered name"); err != nil {
			return err
		}
		if err := claim(d, "an unregistered name"); err != nil {
			return err
		}
	}
	for _, t := range append(slices.Clone(s.TLDs), s.WildcardTLDs...) {
		if err := checkName(t, "TLD"); err != nil {
			return err
		}
		if ps := icannSuffix(t); ps != t {
			return specErr("TLD %q is not a public suffix (its suffix is %q)", t, ps)
		}
	}
	for _, p := range s.parking() {
		if err := checkName(p, "parking name server"); err != nil {
			return err
		}
		reg, err := registrable(p)
		if err != nil || reg == p {
			return specErr("parking name server %q must be a host under a registrable domain, like ns1.sedoparking.com", p)
		}
		if what, ok := seen[reg]; ok && what != "parking" {
			return specErr("parking domain %q is also listed as %s", reg, what)
		}
		seen[reg] = "parking"
	}
	// A name beneath another listed name would sit inside that name's zone
	// or delegation, and the manifest could not say what it is.
	for d := range seen {
		for p := parent(d); p != ""; p = parent(p) {
			if what, ok := seen[p]; ok && what != "parking" {
				return specErr("%q lies beneath %q (%s): list registrable domains only", d, p, what)
			}
		}
	}
	if err := s.validateRPZ(); err != nil {
		return err
	}
	if len(s.Records) == 0 {
		return nil
	}
	for _, r := range s.Records {
		if _, err := r.parse(s); err != nil {
			return err
		}
	}
	// A CNAME beside another record at its name, extra or made by a kind,
	// would make nsd refuse the zone: rendering is where that shows.
	_, err := renderValid(s, Addrs{Net: 1}, 1)
	return err
}

// hostedZone is the zone of s that holds owner: a brand or a registered name
// NSD serves, at or above owner; "" when there is none.
func (s *Spec) hostedZone(owner string) string {
	for d := owner; d != ""; d = parent(d) {
		if slices.Contains(s.Brands, d) {
			return d
		}
		for _, n := range s.Registered {
			if n.Domain == d && n.Kind.hosted() {
				return d
			}
		}
	}
	return ""
}

// parse checks r against s and returns it as an RR, its names absolute.
func (r Record) parse(s *Spec) (dns.RR, error) {
	if err := checkOwner(r.Owner); err != nil {
		return nil, err
	}
	if !slices.Contains(RecordTypes, r.Type) {
		return nil, specErr("record %s has type %q: want one of %v", r.Owner, r.Type, RecordTypes)
	}
	zone := s.hostedZone(r.Owner)
	if zone == "" {
		return nil, specErr("record %s %s lies in no zone the world hosts: put it at or beneath a brand or a registered name that is not lame or silent", r.Owner, r.Type)
	}
	if r.Type == "CNAME" && r.Owner == zone {
		return nil, specErr("record %s CNAME is at the apex of %s, beside its SOA and NS: put the CNAME on a name beneath it", r.Owner, zone)
	}
	if strings.ContainsAny(r.Data, "\n\r") {
		return nil, specErr("record %s %s: data %q holds a line break: give the data of one record on one line", r.Owner, r.Type, r.Data)
	}
	rr, err := dns.NewRR(fmt.Sprintf("%s %d IN %s %s", dns.Fqdn(r.Owner), ttl, r.Type, r.Data))
	if err != nil || rr == nil {
		return nil, specErr("record %s %s: data %q does not parse: %v", r.Owner, r.Type, r.Data, err)
	}
	// The zone holds the record as miekg/dns prints it; an escape it reads
	// one way and prints another ("\\0") would put another record there.
	if again, err := dns.NewRR(rr.String()); err != nil || !dns.IsDuplicate(rr, again) {
		return nil, specErr("record %s %s: data %q does not read back the same from zone syntax: write it without odd escapes", r.Owner, r.Type, r.Data)
	}
	var ip net.IP
	switch rr := rr.(type) {
	case *dns.A:
		ip = rr.A
	case *dns.AAAA:
		ip = rr.AAAA
	case *dns.MX: // names compare without case; the world writes them lower-case
		rr.Mx = strings.ToLower(rr.Mx)
	case *dns.CNAME:
		rr.Target = strings.ToLower(rr.Target)
	}
	if ip != nil && !ip.IsLoopback() {
		return nil, specErr("record %s %s: %s is not a loopback address; the world stays within 127.0.0.0/8 and ::1", r.Owner, r.Type, ip)
	}
	return rr, nil
}

// checkOwner accepts host names and the underscore labels of service
// records, which IDNA rejects.
func checkOwner(d string) error {
	if d == "" {
		return specErr("record with an empty owner")
	}
	if len(d) > 253 || strings.HasSuffix(d, ".") {
		return specErr("record owner %q: want at most 253 octets and no trailing dot", d)
	}
	for _, l := range strings.Split(d, ".") {
		if l == "" || len(l) > 63 {
			return specErr("record owner %q has an empty label or one over 63 octets", d)
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return specErr("record owner %q: labels hold lower-case letters, digits, '-' and '_' only", d)
			}
		}
	}
	return nil
}

func checkName(d, what string) error {
	if d == "" {
		return specErr("empty %s", what)
	}
	if d != strings.ToLower(d) {
		return specErr("%s %q must be lower-case", what, d)
	}
	a, err := idna.Registration.ToASCII(d)
	if err != nil {
		return specErr("%s %q is not a valid domain name: %v", what, d, err)
	}
	if a != d {
		return specErr("%s %q must be written as the lower-case A-label %q", what, d, a)
	}
	if len(d) > 253 || strings.HasSuffix(d, ".") {
		return specErr("%s %q: want at most 253 octets and no trailing dot", what, d)
	}
	return nil
}

func checkRegistrable(d, what string) error {
	if err := checkName(d, what); err != nil {
		return err
	}
	reg, err := registrable(d)
	if err != nil {
		return specErr("%s %q has no registrable part: %v", what, d, err)
	}
	if reg != d {
		return specErr("%s %q is not a registrable domain (that would be %q)", what, d, reg)
	}
	return nil
}

// parent strips the first label; "" for a single label.
func parent(d string) string {
	if i := strings.IndexByte(d, '.'); i >= 0 {
		return d[i+1:]
	}
	return ""
}

// ParseSpec reads a JSON spec and validates it. Unknown fields are errors, so
// that a misspelt key does not silently leave a world empty.
func ParseSpec(data []byte) (Spec, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return Spec{}, fmt.Errorf("%w: read JSON: %v", ErrSpec, err)
	}
	if dec.More() {
		return Spec{}, specErr("trailing data after the JSON object")
	}
	if err := s.Validate(); err != nil {
		return Spec{}, err
	}
	return s, nil
}

// Clone returns a deep copy, for building a changed spec to Apply.
func (s Spec) Clone() Spec {
	s.Brands = slices.Clone(s.Brands)
	s.Registered = slices.Clone(s.Registered)
	s.Unregistered = slices.Clone(s.Unregistered)
	s.TLDs = slices.Clone(s.TLDs)
	s.WildcardTLDs = slices.Clone(s.WildcardTLDs)
	s.Parking = slices.Clone(s.Parking)
	s.Records = slices.Clone(s.Records)
	s.RPZ = slices.Clone(s.RPZ)
	return s
}

// Default is the world the e2e tests share: three brands under com, fr and
// co.uk, a lookalike of every kind, an IDN homograph, a wildcard TLD (ws),
// names left unregistered, and a lossy front dropping 30 % of queries.
//
// The lookalikes are the forms generators make first (omission, keyboard
// replacement, repetition, TLD swap, keyword combo, homoglyph), so that a scan
// that generates candidates for these brands meets them.
func Default() Spec {
	return Spec{
		Brands: []string{"acmebank.com", "globex.fr", "initech.co.uk"},
		Registered: []Name{
			{Domain: "acmebnk.com", Kind: AMX},
			{Domain: "acnebank.com", Kind: NSOnly},
			{Domain: "acmebank.net", Kind: MXOnly},
			{Domain: "acmebank-login.com", Kind: AOnly},
			{Domain: "acmebamk.com", Kind: Lame},
			{Domain: "acmeebank.com", Kind: Silent},
			{Domain: "acmebank.org", Kind: Parked},
			{Domain: "acmebank-support.com", Kind: Owned, Brand: "acmebank.com"},
			{Domain: "xn--cmebank-7va.com", Kind: AOnly}, // àcmebank.com, a homoglyph
			{Domain: "acmebank.ws", Kind: AMX},           // under the wildcard TLD
			{Domain: "globx.fr", Kind: AMX},
			{Domain: "gloex.fr", Kind: MXOnly},
			{Domain: "globex.com", Kind: Parked},
			{Domain: "globexx.fr", Kind: Lame},
			{Domain: "globex-secure.fr", Kind: Owned, Brand: "globex.fr"},
			{Domain: "initec.co.uk", Kind: AMX},
			{Domain: "inittech.co.uk", Kind: NSOnly},
			{Domain: "initech.uk", Kind: AOnly},
			{Domain: "initech-login.co.uk", Kind: Silent},
			{Domain: "initech.net", Kind: Owned, Brand: "initech.co.uk"},
		},
		Unregistered: []string{
			"acmbank.com", "acmebanc.com", "acmebank.de", "acmebank-secure.com",
			"acmebank.io", "acmebank-login.ws",
			"glbex.fr", "globez.fr", "globex.de", "globex.net",
			"intech.co.uk", "initeh.co.uk", "initech.com", "initech.org",
		},
		TLDs:         []string{"com", "net", "org", "fr", "uk", "co.uk", "de", "io", "ws"},
		WildcardTLDs: []string{"ws"},
		Loss:         0.3,
	}
}
