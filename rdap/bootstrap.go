package rdap

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/lookalike/lookalike/names"
)

//go:embed data/dns.json
var embeddedDNS []byte

// maxBootstrapSize bounds what LoadBootstrap reads: IANA's file is about 70 KB,
// so anything near this size is not a DNS bootstrap file.
const maxBootstrapSize = 8 << 20

// ErrBootstrap is wrapped by every error LoadBootstrap returns for a file it
// read but could not accept.
var ErrBootstrap = errors.New("invalid RDAP bootstrap file")

// Bootstrap maps DNS zones (TLDs, or longer entries) to the base URLs of their
// RDAP services, as IANA's bootstrap registry for DNS publishes them (RFC 9224).
// It is read-only after LoadBootstrap and safe for concurrent use.
type Bootstrap struct {
	// Publication and Description are copied from the file, for logs and
	// reports ("bootstrap of 2026-06-26T18:00:02Z").
	Publication string
	Description string

	servers map[string][]string // entry (lower-case A-label) -> base URLs ending in "/", in file order
}

var defaultBootstrap = sync.OnceValue(func() *Bootstrap {
	b, err := LoadBootstrap(bytes.NewReader(embeddedDNS))
	if err != nil {
		panic("rdap: embedded data/dns.json does not load: " + err.Error())
	}
	return b
})

// DefaultBootstrap is the snapshot of IANA's file compiled into the binary
// (data/dns.json; its date is in Publication).
func DefaultBootstrap() *Bootstrap { return defaultBootstrap() }

// LoadBootstrap reads a bootstrap file in the RFC 9224 format, such as a fresh
// copy of https://data.iana.org/rdap/dns.json. Entries are lower-cased; base URLs
// get the trailing "/" RFC 9224 section 3 asks clients to add. A file with no
// services, a malformed entry, a URL that is not http(s), or an entry listed
// twice is refused: a half-read bootstrap would silently turn names into "no
// RDAP server".
func LoadBootstrap(r io.Reader) (*Bootstrap, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBootstrapSize+1))
	if err != nil {
		return nil, fmt.Errorf("read RDAP bootstrap: %w", err)
	}
	if len(data) > maxBootstrapSize {
		return nil, fmt.Errorf("%w: larger than %d MiB; IANA's dns.json is about 70 KB", ErrBootstrap, maxBootstrapSize>>20)
	}
	var raw struct {
		Description string              `json:"description"`
		Publication string              `json:"publication"`
		Services    [][]json.RawMessage `json:"services"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v (want IANA's dns.json, RFC 9224 format)", ErrBootstrap, err)
	}
	if len(raw.Services) == 0 {
		return nil, fmt.Errorf("%w: no services", ErrBootstrap)
	}
	b := &Bootstrap{
		Publication: clean(raw.Publication),
		Description: clean(raw.Description),
		servers:     make(map[string][]string),
	}
	firstSeen := make(map[string]int)
	for i, svc := range raw.Services {
		// RFC 9224 section 3: each service is [entries, URLs]; DNS has no third
		// member (that is the object-tags registry).
		if len(svc) != 2 {
			return nil, fmt.Errorf("%w: service %d has %d members, want 2 (entries, URLs)", ErrBootstrap, i, len(svc))
		}
		var entries, urls []string
		if err := json.Unmarshal(svc[0], &entries); err != nil {
			return nil, fmt.Errorf("%w: service %d entries: %v", ErrBootstrap, i, err)
		}
		if err := json.Unmarshal(svc[1], &urls); err != nil {
			return nil, fmt.Errorf("%w: service %d URLs: %v", ErrBootstrap, i, err)
		}
		if len(urls) == 0 {
			return nil, fmt.Errorf("%w: service %d lists no URL", ErrBootstrap, i)
		}
		bases := make([]string, 0, len(urls))
		for _, u := range urls {
			base, err := baseURL(u)
			if err != nil {
				return nil, fmt.Errorf("%w: service %d: %v", ErrBootstrap, i, err)
			}
			bases = append(bases, base)
		}
		for _, e := range entries {
			name := strings.TrimSuffix(strings.ToLower(e), ".")
			if !names.Valid(name) {
				return nil, fmt.Errorf("%w: service %d: entry %q is not a DNS name", ErrBootstrap, i, e)
			}
			if j, dup := firstSeen[name]; dup {
				return nil, fmt.Errorf("%w: entry %q is listed in services %d and %d", ErrBootstrap, name, j, i)
			}
			firstSeen[name] = i
			b.servers[name] = bases
		}
	}
	return b, nil
}

// baseURL checks one service URL and gives it the trailing slash that relative
// queries ("domain/NAME") need.
func baseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("URL %q: %v", s, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return "", fmt.Errorf("URL %q: scheme must be https or http", s)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("URL %q: want scheme://host/path/ without user, query or fragment", s)
	}
	out := u.String()
	if !strings.HasSuffix(out, "/") {
		out += "/"
	}
	return out, nil
}

// ServerFor names the base URL of the RDAP service for domain: the service of
// the longest bootstrap entry that is a proper suffix of the name (RFC 9224
// section 4), preferring an https URL when the entry lists several. ok is false
// when no entry matches: the TLD has no RDAP service in this bootstrap.
func (b *Bootstrap) ServerFor(domain string) (baseURL string, ok bool) {
	if b == nil {
		return "", false
	}
	name := strings.TrimSuffix(strings.ToLower(domain), ".")
	// Left to right over the dots gives the longest proper suffix first.
	for i := 0; i < len(name); i++ {
		if name[i] != '.' {
			continue
		}
		if urls, found := b.servers[name[i+1:]]; found {
			for _, u := range urls {
				if strings.HasPrefix(u, "https:") {
					return u, true
				}
			}
			return urls[0], true
		}
	}
	return "", false
}

// TLDs lists the bootstrap's entries, sorted.
func (b *Bootstrap) TLDs() []string {
	if b == nil {
		return nil
	}
	out := make([]string, 0, len(b.servers))
	for k := range b.servers {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
