package world

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/miekg/dns"
)

// RPZ is a response policy zone the world's unbound loads (an rpz: clause),
// as a site's resolver loads the zone `lookalike scan --format rpz` writes.
// A world without RPZ entries has the unbound configuration it always had.
type RPZ struct {
	// Name is the zone's name, as the rpz: clause and the zone's $ORIGIN
	// give it ("lookalike.rpz.invalid").
	Name string `json:"name"`
	// Zone is the zone file's text.
	Zone string `json:"zone"`
}

// validateRPZ checks the policy zones of s: names that are domain names,
// each once, and zone text that miekg/dns reads, so that a bad zone is a
// spec error rather than an unbound that will not start.
func (s *Spec) validateRPZ() error {
	seen := map[string]bool{}
	for _, z := range s.RPZ {
		name := strings.TrimSuffix(strings.ToLower(z.Name), ".")
		if _, ok := dns.IsDomainName(name); !ok || name == "" || strings.ContainsAny(name, "\"\\ \t\r\n") {
			return specErr("rpz name %q is not a domain name", z.Name)
		}
		if seen[name] {
			return specErr("rpz %q is listed twice", name)
		}
		seen[name] = true
		zp := dns.NewZoneParser(strings.NewReader(z.Zone), dns.Fqdn(name), "")
		n := 0
		for _, ok := zp.Next(); ok; _, ok = zp.Next() {
			n++
		}
		if err := zp.Err(); err != nil {
			return specErr("rpz %q does not parse: %v", name, err)
		}
		if n == 0 {
			return specErr("rpz %q holds no records: want at least its SOA", name)
		}
	}
	return nil
}

// writeUnbound writes unbound's configuration and the policy zones it loads.
// With policy zones, the respip module goes in front of the iterator: unbound
// applies RPZ only through it (unbound.conf(5), "Response Policy Zone
// Options").
func (w *World) writeUnbound(spec Spec) error {
	conf := unboundConf(w.layout, w.Addrs)
	if len(spec.RPZ) > 0 {
		conf = strings.Replace(conf, `module-config: "iterator"`, `module-config: "respip iterator"`, 1)
	}
	for i, z := range spec.RPZ {
		name := strings.TrimSuffix(strings.ToLower(z.Name), ".")
		file := filepath.Join(w.unboundDir(), fmt.Sprintf("rpz-%d.zone", i))
		if err := os.WriteFile(file, []byte(z.Zone), 0o644); err != nil {
			return err
		}
		conf += fmt.Sprintf("\nrpz:\n\tname: %q\n\tzonefile: %q\n\trpz-log: yes\n\trpz-log-name: %q\n", name, file, name)
	}
	return os.WriteFile(w.unboundConf(), []byte(conf), 0o644)
}
