package world

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
)

// Manifest is the truth about a world's names: what a correct scanner must
// find. Entries are sorted by domain.
type Manifest struct {
	Entries []Entry `json:"entries"`
	// Infra are registrable domains the world needs for itself (the parking
	// service); a scan is not asked about them.
	Infra []string `json:"infra,omitempty"`
	// WildcardTLDs answer for every name beneath them.
	WildcardTLDs []string `json:"wildcard_tlds,omitempty"`
}

// Entry is one brand, registered or unregistered name.
type Entry struct {
	Domain     string `json:"domain"`
	Registered bool   `json:"registered"`
	// Kind is how a registered name is set up (BrandKind for a brand); empty
	// for an unregistered name.
	Kind Kind `json:"kind,omitempty"`
	// Brand is the brand an Owned name belongs to, or the brand itself.
	Brand string `json:"brand,omitempty"`
	// Wildcard: the name lies under a wildcard TLD, so A queries for it get
	// an answer whether or not it is registered.
	Wildcard bool `json:"wildcard,omitempty"`
	// The records a resolver finds for a registered name: NS as delegated;
	// A and MX hosts (without preference) at the apex, as the zone has them.
	// Lame and Silent names have NS only: their zones cannot be reached.
	NS []string `json:"ns,omitempty"`
	A  []string `json:"a,omitempty"`
	MX []string `json:"mx,omitempty"`
}

// Lookup finds a domain's entry.
func (m *Manifest) Lookup(domain string) (Entry, bool) {
	i, ok := slices.BinarySearchFunc(m.Entries, domain, func(e Entry, d string) int {
		switch {
		case e.Domain < d:
			return -1
		case e.Domain > d:
			return 1
		}
		return 0
	})
	if !ok {
		return Entry{}, false
	}
	return m.Entries[i], true
}

// Registered lists the registered domains (brands included), sorted.
func (m *Manifest) Registered() []string { return m.filter(true) }

// Unregistered lists the unregistered domains, sorted.
func (m *Manifest) Unregistered() []string { return m.filter(false) }

func (m *Manifest) filter(registered bool) []string {
	var out []string
	for _, e := range m.Entries {
		if e.Registered == registered {
			out = append(out, e.Domain)
		}
	}
	return out
}

// Domains lists every domain of the manifest, sorted.
func (m *Manifest) Domains() []string {
	out := make([]string, len(m.Entries))
	for i, e := range m.Entries {
		out[i] = e.Domain
	}
	return out
}

func (m *Manifest) sort() {
	sort.Slice(m.Entries, func(i, j int) bool { return m.Entries[i].Domain < m.Entries[j].Domain })
}

// ReadManifest reads a manifest.json that a world wrote.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read world manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read world manifest %s: %w (was it written by `world up`?)", path, err)
	}
	if !sort.SliceIsSorted(m.Entries, func(i, j int) bool { return m.Entries[i].Domain < m.Entries[j].Domain }) {
		return nil, fmt.Errorf("read world manifest %s: entries are not sorted by domain", path)
	}
	return &m, nil
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'))
}

// writeFileAtomic writes through a temporary file and a rename, so that a
// reader polling for the file (`world up` waiting for env) never sees half.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Truth is what a correct scanner can say about a name of the world.
type Truth uint8

const (
	// TruthUnregistered: the registrable domain is not delegated; DNS says
	// NXDOMAIN.
	TruthUnregistered Truth = iota
	// TruthRegistered: the registrable domain is delegated (a brand, a
	// registered lookalike or the world's own infrastructure).
	TruthRegistered
	// TruthWildcard: not delegated, but under a wildcard TLD, so DNS answers
	// for it anyway: a scanner cannot call it unregistered, only unknown.
	TruthWildcard
)

func (t Truth) String() string {
	switch t {
	case TruthRegistered:
		return "registered"
	case TruthWildcard:
		return "wildcard"
	}
	return "unregistered"
}

// Truth says what a name is in this world, for any name (listed or not): a
// name is registered when its registrable domain is.
func (m *Manifest) Truth(name string) Truth {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	reg, err := registrable(name)
	if err != nil {
		reg = name
	}
	if e, ok := m.Lookup(reg); ok && e.Registered {
		return TruthRegistered
	}
	if slices.Contains(m.Infra, reg) {
		return TruthRegistered
	}
	for _, w := range m.WildcardTLDs {
		if strings.HasSuffix(name, "."+w) {
			return TruthWildcard
		}
	}
	return TruthUnregistered
}
