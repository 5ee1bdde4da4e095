package rdap

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"sync"
)

//go:embed data/ipv4.json
var embeddedIPv4 []byte

//go:embed data/ipv6.json
var embeddedIPv6 []byte

// IPBootstrap maps address prefixes to the RDAP services of the regional
// registries (RFC 9224 section 5.1 and 5.2). Read-only after loading.
type IPBootstrap struct {
	// Publication lists the "publication" member of each file loaded.
	Publication []string

	services []ipService
}

type ipService struct {
	prefix netip.Prefix
	urls   []string // base URLs ending in "/"
}

var defaultIPBootstrap = sync.OnceValue(func() *IPBootstrap {
	b, err := LoadIPBootstrap(bytes.NewReader(embeddedIPv4), bytes.NewReader(embeddedIPv6))
	if err != nil {
		panic("rdap: embedded data/ipv4.json or ipv6.json does not load: " + err.Error())
	}
	return b
})

// DefaultIPBootstrap is the snapshot of IANA's IPv4 and IPv6 files compiled
// into the binary (data/ipv4.json, data/ipv6.json; see data/SOURCE-ip).
func DefaultIPBootstrap() *IPBootstrap { return defaultIPBootstrap() }

// LoadIPBootstrap reads IANA bootstrap files for address space (ipv4.json,
// ipv6.json, or both; RFC 9224 format). A prefix that does not parse, a URL
// that is not http(s) or a prefix listed twice is refused.
func LoadIPBootstrap(files ...io.Reader) (*IPBootstrap, error) {
	b := &IPBootstrap{}
	seen := map[netip.Prefix]bool{}
	for n, r := range files {
		data, err := io.ReadAll(io.LimitReader(r, maxBootstrapSize+1))
		if err != nil {
			return nil, fmt.Errorf("read RDAP IP bootstrap: %w", err)
		}
		if len(data) > maxBootstrapSize {
			return nil, fmt.Errorf("%w: IP bootstrap file %d is larger than %d MiB", ErrBootstrap, n+1, maxBootstrapSize>>20)
		}
		var raw struct {
			Publication string       `json:"publication"`
			Services    [][][]string `json:"services"`
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("%w: IP bootstrap file %d: %v (want IANA's ipv4.json or ipv6.json)", ErrBootstrap, n+1, err)
		}
		if len(raw.Services) == 0 {
			return nil, fmt.Errorf("%w: IP bootstrap file %d has no services", ErrBootstrap, n+1)
		}
		b.Publication = append(b.Publication, clean(raw.Publication))
		for i, svc := range raw.Services {
			if len(svc) != 2 || len(svc[1]) == 0 {
				return nil, fmt.Errorf("%w: IP bootstrap file %d service %d: want [prefixes, URLs]", ErrBootstrap, n+1, i)
			}
			var bases []string
			for _, u := range svc[1] {
				base, err := baseURL(u)
				if err != nil {
					return nil, fmt.Errorf("%w: IP bootstrap file %d service %d: %v", ErrBootstrap, n+1, i, err)
				}
				bases = append(bases, base)
			}
			for _, p := range svc[0] {
				pfx, err := netip.ParsePrefix(p)
				if err != nil {
					return nil, fmt.Errorf("%w: IP bootstrap file %d service %d: prefix %q: %v", ErrBootstrap, n+1, i, p, err)
				}
				pfx = pfx.Masked()
				if seen[pfx] {
					return nil, fmt.Errorf("%w: prefix %s is listed twice", ErrBootstrap, pfx)
				}
				seen[pfx] = true
				b.services = append(b.services, ipService{prefix: pfx, urls: bases})
			}
		}
	}
	return b, nil
}

// ServerFor names the base URL of the RDAP service for addr: the service of
// the longest prefix that holds it (RFC 9224 section 5), https preferred.
func (b *IPBootstrap) ServerFor(addr netip.Addr) (string, bool) {
	if b == nil || !addr.IsValid() {
		return "", false
	}
	addr = addr.Unmap()
	best := -1
	var urls []string
	for _, s := range b.services {
		if s.prefix.Bits() > best && s.prefix.Contains(addr) {
			best, urls = s.prefix.Bits(), s.urls
		}
	}
	if urls == nil {
		return "", false
	}
	for _, u := range urls {
		if len(u) > 6 && u[:6] == "https:" {
			return u, true
		}
	}
	return urls[0], true
}

// Len is how many prefixes the bootstrap maps.
func (b *IPBootstrap) Len() int { return len(b.services) }
