package audit

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotSPF is returned by ParseSPF for a TXT string that is not an SPF record
// (it does not start with "v=spf1"); DNSRefs skips such strings.
var ErrNotSPF = errors.New("not an SPF record")

// SPFTerm is one directive or modifier of an SPF record (RFC 7208 §4.6.1).
type SPFTerm struct {
	// Qualifier is '+', '-', '~' or '?' for a mechanism ('+' when the record
	// gives none), 0 for a modifier.
	Qualifier byte
	// Name is the mechanism or modifier name, lower-case: "include", "a", "mx",
	// "ptr", "ip4", "ip6", "exists", "all", "redirect", "exp", or an unknown
	// modifier's name.
	Name string
	// Value is what follows ':' or '=' (a domain-spec or an address), without
	// the CIDR lengths of a, mx, ip4 and ip6.
	Value string
	// CIDR is the "/24" or "/24//64" that followed Value, if any.
	CIDR string
	// Modifier is true for name=value terms.
	Modifier bool
}

// String gives the term back in record syntax.
func (t SPFTerm) String() string {
	if t.Modifier {
		return t.Name + "=" + t.Value
	}
	var b strings.Builder
	if t.Qualifier != '+' && t.Qualifier != 0 {
		b.WriteByte(t.Qualifier)
	}
	b.WriteString(t.Name)
	if t.Value != "" {
		b.WriteString(":" + t.Value)
	}
	b.WriteString(t.CIDR)
	return b.String()
}

// Domain returns the literal domain a term names, with macros (RFC 7208 §7)
// stripped: "%{i}._spf.brand.fr" gives "_spf.brand.fr", and a domain that ends
// in a macro ("%{d}", "_spf.%{d2}") names no fixed domain and gives false. It
// gives false too for a term without a domain (ip4, all, a bare "a").
func (t SPFTerm) Domain() (string, bool) {
	switch t.Name {
	case "include", "a", "mx", "ptr", "exists", "redirect", "exp":
	default:
		return "", false
	}
	d := strings.TrimSuffix(t.Value, ".")
	if d == "" {
		return "", false
	}
	labels := strings.Split(d, ".")
	last := -1
	for i, l := range labels {
		if strings.Contains(l, "%") {
			last = i
		}
	}
	labels = labels[last+1:]
	if len(labels) < 2 {
		return "", false
	}
	return strings.ToLower(strings.Join(labels, ".")), true
}

// spfMechanisms are the mechanisms RFC 7208 §5 defines; any other is a
// permanent error.
var spfMechanisms = map[string]bool{
	"all": true, "include": true, "a": true, "mx": true, "ptr": true,
	"ip4": true, "ip6": true, "exists": true,
}

// ParseSPF reads an SPF record (the TXT strings of one record, joined without
// spaces as RFC 7208 §3.3 says) into its terms, and fails as a receiver would
// (a permanent error) on an unknown mechanism, a missing required argument, a
// bad modifier name or a repeated redirect= or exp=. A string that is not an
// SPF record at all gives ErrNotSPF.
func ParseSPF(txt string) ([]SPFTerm, error) {
	fields := strings.Fields(txt)
	if len(fields) == 0 || !strings.EqualFold(fields[0], "v=spf1") {
		return nil, ErrNotSPF
	}
	var terms []SPFTerm
	seen := map[string]bool{}
	for _, f := range fields[1:] {
		t, err := parseSPFTerm(f)
		if err != nil {
			return terms, fmt.Errorf("SPF term %q: %w", f, err)
		}
		if t.Modifier && (t.Name == "redirect" || t.Name == "exp") {
			if seen[t.Name] {
				return terms, fmt.Errorf("SPF term %q: %s= appears twice (RFC 7208 §6)", f, t.Name)
			}
			seen[t.Name] = true
		}
		terms = append(terms, t)
	}
	return terms, nil
}

func parseSPFTerm(f string) (SPFTerm, error) {
	// A modifier is name=value where name starts with a letter and holds no
	// ':' or '/' (RFC 7208 §12: name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )).
	if i := strings.IndexByte(f, '='); i > 0 && !strings.ContainsAny(f[:i], ":/") {
		name := strings.ToLower(f[:i])
		if !isSPFName(name) {
			return SPFTerm{}, errors.New("bad modifier name")
		}
		v := f[i+1:]
		if (name == "redirect" || name == "exp") && v == "" {
			return SPFTerm{}, fmt.Errorf("%s= needs a domain", name)
		}
		return SPFTerm{Name: name, Value: v, Modifier: true}, nil
	}
	t := SPFTerm{Qualifier: '+'}
	switch f[0] {
	case '+', '-', '~', '?':
		t.Qualifier = f[0]
		f = f[1:]
	}
	name, val, hasVal := strings.Cut(f, ":")
	cidr := ""
	if !hasVal {
		if i := strings.IndexByte(name, '/'); i >= 0 {
			name, cidr = name[:i], name[i:]
		}
	}
	t.Name = strings.ToLower(name)
	if !spfMechanisms[t.Name] {
		return SPFTerm{}, fmt.Errorf("unknown mechanism %q", name)
	}
	switch t.Name {
	case "a", "mx", "ip4", "ip6":
		if hasVal {
			// ip6 addresses hold ':' themselves; the CIDR starts at the first '/'.
			if i := strings.IndexByte(val, '/'); i >= 0 {
				val, cidr = val[:i], val[i:]
			}
		}
	}
	switch t.Name {
	case "include", "exists", "ip4", "ip6":
		if val == "" {
			return SPFTerm{}, fmt.Errorf("%s needs an argument", t.Name)
		}
	case "all":
		if hasVal || cidr != "" {
			return SPFTerm{}, errors.New("all takes no argument")
		}
	}
	if hasVal && val == "" {
		return SPFTerm{}, fmt.Errorf("%s: has an empty argument", t.Name)
	}
	t.Value, t.CIDR = val, cidr
	return t, nil
}

func isSPFName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
