package world

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// Names of the world's own infrastructure. They sit directly in the root
// zone, under labels no TLD uses, so that the root answers for them itself
// and no bailiwick rule of a resolver stands in the way.
const (
	rootServer = "a.root-servers"
	tldServer  = "ns1.tld-servers"
	ttl        = 300
	negTTL     = 60 // SOA minimum: how long NXDOMAIN is cached
)

// zoneFile is one zone as NSD loads it.
type zoneFile struct {
	Origin string // "." for the root, else "com", "acmebnk.com" …
	File   string // file name inside the zones directory
	Text   string
}

// zone collects a zone's records in the order they are added.
type zone struct {
	origin string
	b      strings.Builder
	types  map[string][]string // by owner: the types it holds, for the CNAME rule
}

func fqdn(d string) string {
	if d == "" || d == "." {
		return "."
	}
	return d + "."
}

func (z *zone) rr(owner, typ, rdata string) {
	fmt.Fprintf(&z.b, "%s\t%d\tIN\t%s\t%s\n", fqdn(owner), ttl, typ, rdata)
	if z.types == nil {
		z.types = map[string][]string{}
	}
	if !slices.Contains(z.types[owner], typ) {
		z.types[owner] = append(z.types[owner], typ)
	}
}

func (z *zone) soa(mname, rname string, serial uint32) {
	z.rr(z.origin, "SOA", fmt.Sprintf("%s %s %d 3600 600 86400 %d", fqdn(mname), fqdn(rname), serial, negTTL))
}

func (z *zone) file() zoneFile {
	name := z.origin + ".zone"
	if z.origin == "" {
		name = "root.zone"
	}
	origin := z.origin
	if origin == "" {
		origin = "."
	}
	return zoneFile{Origin: origin, File: name, Text: fmt.Sprintf("; %s, written by lookalike's e2e world\n$TTL %d\n%s", origin, ttl, z.b.String())}
}

// rendered is everything a Spec turns into for one set of addresses.
type rendered struct {
	zones    []zoneFile
	manifest Manifest
}

// suffixOf is the public suffix the world serves a name under.
func suffixOf(d string) string {
	return icannSuffix(d)
}

// render turns a spec into zone files and the manifest. It is pure: the same
// spec, addresses and serial give the same bytes.
func render(s *Spec, a Addrs, serial uint32) (rendered, error) {
	if err := s.Validate(); err != nil {
		return rendered{}, err
	}
	return renderValid(s, a, serial)
}

// renderValid is render for a spec whose names Validate has checked; it
// reports only what shows in the zones themselves (a CNAME beside another
// record).
func renderValid(s *Spec, a Addrs, serial uint32) (rendered, error) {
	wild := map[string]bool{}
	for _, w := range s.WildcardTLDs {
		wild[w] = true
	}
	underWildcard := func(d string) bool {
		for p := parent(d); p != ""; p = parent(p) {
			if wild[p] {
				return true
			}
		}
		return false
	}

	// Parking domains and the hosts under each.
	parkHosts := map[string][]string{}
	for _, h := range s.parking() {
		reg, _ := registrable(h)
		if !slices.Contains(parkHosts[reg], h) {
			parkHosts[reg] = append(parkHosts[reg], h)
		}
	}
	infra := sortedKeys(parkHosts)

	// Every public suffix in play, with its ancestors, is a zone.
	suffixes := map[string]bool{}
	addSuffix := func(ps string) {
		for p := ps; p != ""; p = parent(p) {
			suffixes[p] = true
		}
	}
	for _, d := range s.Brands {
		addSuffix(suffixOf(d))
	}
	for _, n := range s.Registered {
		addSuffix(suffixOf(n.Domain))
	}
	for _, d := range s.Unregistered {
		addSuffix(suffixOf(d))
	}
	for _, d := range infra {
		addSuffix(suffixOf(d))
	}
	for _, t := range s.TLDs {
		addSuffix(t)
	}
	for _, t := range s.WildcardTLDs {
		addSuffix(t)
	}

	ip := a.ip
	root := &zone{origin: ""}
	root.soa(rootServer, "hostmaster.root-servers", serial)
	root.rr("", "NS", fqdn(rootServer))
	root.rr(rootServer, "A", ip(hostNSD))
	root.rr(tldServer, "A", ip(hostNSD))

	szones := map[string]*zone{}
	for _, sfx := range sortedKeys(suffixes) {
		z := &zone{origin: sfx}
		z.soa(tldServer, "hostmaster.tld-servers", serial)
		z.rr(sfx, "NS", fqdn(tldServer))
		if wild[sfx] {
			z.rr("*."+sfx, "A", ip(hostWild))
		}
		szones[sfx] = z
	}
	// Each suffix is delegated from its parent: the TLDs from the root,
	// co.uk from uk.
	for _, sfx := range sortedKeys(suffixes) {
		p := parent(sfx)
		pz := root
		if p != "" {
			pz = szones[p]
		}
		pz.rr(sfx, "NS", fqdn(tldServer))
	}

	// A delegation: the NS set in the parent and the glue that lies in it.
	type deleg struct {
		domain string
		ns     []string
		glue   string // address of in-domain name servers; "" for none
	}
	var delegs []deleg
	var hosted []*zone
	var entries []Entry

	ownNS := func(d string) []string { return []string{"ns1." + d, "ns2." + d} }
	newChild := func(d string, ns []string, soaM, soaR string) *zone {
		z := &zone{origin: d}
		z.soa(soaM, soaR, serial)
		for _, n := range ns {
			z.rr(d, "NS", fqdn(n))
		}
		for _, n := range ns {
			if strings.HasSuffix(n, "."+d) {
				z.rr(n, "A", ip(hostNSD))
			}
		}
		hosted = append(hosted, z)
		return z
	}

	for _, b := range s.Brands {
		ns := ownNS(b)
		delegs = append(delegs, deleg{b, ns, ip(hostNSD)})
		z := newChild(b, ns, ns[0], "hostmaster."+b)
		z.rr(b, "A", ip(hostWeb))
		z.rr(b, "MX", "10 "+fqdn("mail."+b))
		z.rr("mail."+b, "A", ip(hostWeb))
		z.rr("www."+b, "A", ip(hostWeb))
		entries = append(entries, Entry{Domain: b, Registered: true, Kind: BrandKind, Brand: b,
			Wildcard: underWildcard(b), NS: ns, A: []string{ip(hostWeb)}, MX: []string{"mail." + b}})
	}
	for _, reg := range infra {
		hosts := parkHosts[reg]
		delegs = append(delegs, deleg{reg, hosts, ip(hostNSD)})
		z := newChild(reg, hosts, hosts[0], "hostmaster."+reg)
		z.rr(reg, "A", ip(hostPark))
	}
	for _, n := range s.Registered {
		d := n.Domain
		e := Entry{Domain: d, Registered: true, Kind: n.Kind, Wildcard: underWildcard(d)}
		switch n.Kind {
		case AMX, NSOnly, MXOnly, AOnly:
			e.NS = ownNS(d)
			delegs = append(delegs, deleg{d, e.NS, ip(hostNSD)})
			z := newChild(d, e.NS, e.NS[0], "hostmaster."+d)
			if n.Kind == AMX || n.Kind == AOnly {
				z.rr(d, "A", ip(hostWeb))
				e.A = []string{ip(hostWeb)}
			}
			if n.Kind == AMX || n.Kind == MXOnly {
				z.rr(d, "MX", "10 "+fqdn("mail."+d))
				z.rr("mail."+d, "A", ip(hostWeb))
				e.MX = []string{"mail." + d}
			}
		case Lame:
			e.NS = ownNS(d)
			delegs = append(delegs, deleg{d, e.NS, ip(hostLame)})
		case Silent:
			e.NS = ownNS(d)
			delegs = append(delegs, deleg{d, e.NS, ip(hostSilent)})
		case Parked:
			park := s.parking()
			e.NS = slices.Clone(park)
			delegs = append(delegs, deleg{d, e.NS, ""})
			preg, _ := registrable(park[0])
			z := newChild(d, e.NS, park[0], "hostmaster."+preg)
			z.rr(d, "A", ip(hostPark))
			e.A = []string{ip(hostPark)}
		case Owned:
			e.Brand = n.Brand
			e.NS = ownNS(n.Brand)
			delegs = append(delegs, deleg{d, e.NS, ""})
			z := newChild(d, e.NS, e.NS[0], "hostmaster."+n.Brand)
			z.rr(d, "A", ip(hostWeb))
			z.rr(d, "MX", "10 "+fqdn("mail."+n.Brand))
			e.A = []string{ip(hostWeb)}
			e.MX = []string{"mail." + n.Brand}
		}
		entries = append(entries, e)
	}
	if err := addRecords(s, hosted, entries); err != nil {
		return rendered{}, err
	}
	for _, d := range s.Unregistered {
		entries = append(entries, Entry{Domain: d, Wildcard: underWildcard(d)})
	}

	slices.SortFunc(delegs, func(x, y deleg) int { return strings.Compare(x.domain, y.domain) })
	for _, dl := range delegs {
		z := szones[suffixOf(dl.domain)]
		for _, n := range dl.ns {
			z.rr(dl.domain, "NS", fqdn(n))
		}
		if dl.glue == "" {
			continue
		}
		for _, n := range dl.ns {
			if strings.HasSuffix(n, "."+dl.domain) {
				z.rr(n, "A", dl.glue)
			}
		}
	}

	out := rendered{manifest: Manifest{Entries: entries, Infra: infra, WildcardTLDs: slices.Sorted(slices.Values(s.WildcardTLDs))}}
	out.manifest.sort()
	out.zones = append(out.zones, root.file())
	for _, sfx := range sortedKeys(suffixes) {
		out.zones = append(out.zones, szones[sfx].file())
	}
	slices.SortFunc(hosted, func(x, y *zone) int { return strings.Compare(x.origin, y.origin) })
	for _, z := range hosted {
		out.zones = append(out.zones, z.file())
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// addRecords puts the spec's extra records into the hosted zones, in a fixed
// order, and adds apex A and MX to the entries so that the manifest still
// says what a resolver finds.
func addRecords(s *Spec, hosted []*zone, entries []Entry) error {
	if len(s.Records) == 0 {
		return nil
	}
	zones := map[string]*zone{}
	for _, z := range hosted {
		zones[z.origin] = z
	}
	recs := slices.Clone(s.Records)
	slices.SortFunc(recs, func(x, y Record) int {
		return cmp.Or(strings.Compare(x.Owner, y.Owner), strings.Compare(x.Type, y.Type), strings.Compare(x.Data, y.Data))
	})
	touched := map[*zone]bool{}
	written := map[string]bool{} // one record, however its data was spelt
	for _, r := range recs {
		rr, err := r.parse(s)
		if err != nil {
			return err
		}
		if written[rr.String()] {
			continue
		}
		written[rr.String()] = true
		origin := s.hostedZone(r.Owner)
		z := zones[origin]
		if z == nil {
			return specErr("record %s %s: no zone for %s", r.Owner, r.Type, origin)
		}
		z.rr(r.Owner, r.Type, strings.TrimPrefix(rr.String(), rr.Header().String()))
		touched[z] = true
		if r.Owner != origin {
			continue
		}
		i := slices.IndexFunc(entries, func(e Entry) bool { return e.Domain == origin })
		switch rr := rr.(type) {
		case *dns.A:
			entries[i].A = append(entries[i].A, rr.A.String())
		case *dns.MX:
			if rr.Mx != "." { // a null MX (RFC 7505) names no mail host
				entries[i].MX = append(entries[i].MX, strings.TrimSuffix(rr.Mx, "."))
			}
		}
	}
	for _, z := range hosted {
		if !touched[z] {
			continue
		}
		for _, owner := range sortedKeys(z.types) {
			if types := z.types[owner]; slices.Contains(types, "CNAME") && len(types) > 1 {
				return specErr("%s has a CNAME beside %v in zone %s: a CNAME must be the only record at its name (RFC 1034 §3.6.2)", owner, types, z.origin)
			}
		}
	}
	return nil
}
