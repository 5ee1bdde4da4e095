package similar

import (
	"bytes"
	"strings"

	"github.com/lookalike/lookalike/names"
)

// Name is an observed name made ready for judging against many brands: cut
// to its registrable domain, decoded and put in visual form once.
type Name struct {
	Domain      string // the name as given, lower-case A-labels
	Registrable string // its registrable domain (A-label)
	Suffix      string // its public suffix
	Unicode     string // Registrable decoded for display

	label  string // registrable label, A-label
	ulabel string // registrable label, Unicode
	sub    string // labels left of the registrable domain, "" if none
	ascii  bool   // ulabel is ASCII

	v    []byte  // visual form of ulabel, hyphens kept
	pos  []int32 // v's byte i came from ulabel[pos[i]]
	flat []byte  // v without hyphens (v itself when it has none)
	fpos []int32 // flat's byte i came from ulabel[fpos[i]] (or pos)

	flatBuf []byte // flat and fpos when v has hyphens
	fposBuf []int32

	// alt is the name cut under the private section of the Public Suffix
	// List (steamcommunity.ru.com, paypal-login.github.io), judged as well.
	alt *Name

	// un is the name read without folding letter pairs (airfrnce as
	// written, not airfmce), when a pair was folded: the judgement takes
	// the closer of the two readings. It points to unBuf, kept for reuse.
	un, unBuf *Name
}

// ParseName prepares any domain name (A-labels or Unicode, any case,
// trailing dot allowed; a leading "*." is dropped) for judging, or reports
// false when it has no registrable domain.
func ParseName(s string) (*Name, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "*.")
	a, ok := names.ToASCII(s)
	if !ok {
		return nil, false
	}
	reg, suffix, ok := names.Registrable(a)
	if !ok {
		return nil, false
	}
	n := &Name{}
	n.reset(a, reg, suffix)
	if preg, psuffix, ok := names.RegistrablePrivate(a); ok && preg != reg {
		n.alt = &Name{}
		n.alt.reset(a, preg, psuffix)
	}
	return n, true
}

// reset fills n for domain (lower-case A-labels) whose registrable domain
// and suffix the caller already knows, reusing n's buffers.
func (n *Name) reset(domain, reg, suffix string) {
	n.Domain, n.Registrable, n.Suffix = domain, reg, suffix
	n.label = reg
	if k := len(reg) - len(suffix) - 1; k >= 0 && reg[k] == '.' && reg[k+1:] == suffix {
		n.label = reg[:k] // names.Label without building "."+suffix
	} else {
		n.label = names.Label(reg, suffix)
	}
	n.sub = ""
	if len(domain) > len(reg) {
		n.sub = strings.TrimSuffix(domain[:len(domain)-len(reg)], ".")
	}
	n.ulabel, n.Unicode = n.label, reg
	if strings.HasPrefix(n.label, "xn--") {
		n.ulabel = names.ToUnicode(n.label)
		n.Unicode = n.ulabel + "." + names.ToUnicode(suffix)
	} else if strings.Contains(suffix, "xn--") {
		n.Unicode = n.label + "." + names.ToUnicode(suffix)
	}
	n.ascii = isASCII(n.ulabel)
	folded := n.read(true)
	n.un = nil
	if folded {
		if n.unBuf == nil {
			n.unBuf = &Name{}
		}
		u := n.unBuf
		v, pos, flat, fpos := u.v, u.pos, u.flatBuf, u.fposBuf
		*u = Name{Domain: n.Domain, Registrable: n.Registrable, Suffix: n.Suffix, Unicode: n.Unicode,
			label: n.label, ulabel: n.ulabel, sub: n.sub, ascii: n.ascii,
			v: v, pos: pos, flatBuf: flat, fposBuf: fpos}
		u.read(false)
		n.un = u
	}
}

// read fills n's visual forms from n.ulabel, with letter pairs folded or
// not, and tells whether a pair was folded.
func (n *Name) read(pairs bool) bool {
	var folded bool
	if n.ascii { // its own skeleton
		n.v, n.pos, folded = fold(n.v[:0], n.pos[:0], n.ulabel, nil, len(n.ulabel), pairs)
	} else {
		n.v, n.pos, folded = reading(n.v, n.pos, n.ulabel, pairs)
	}
	if bytes.IndexByte(n.v, '-') < 0 {
		n.flat, n.fpos = n.v, n.pos // pos ends with len(ulabel) too
		return folded
	}
	n.flat, n.fpos = n.flatBuf[:0], n.fposBuf[:0]
	for rest := 0; rest < len(n.v); { // the runs between hyphens, each by one copy
		h := bytes.IndexByte(n.v[rest:], '-')
		if h < 0 {
			h = len(n.v) - rest
		}
		n.flat = append(n.flat, n.v[rest:rest+h]...)
		n.fpos = append(n.fpos, n.pos[rest:rest+h]...)
		rest += h + 1
	}
	n.fpos = append(n.fpos, int32(len(n.ulabel)))
	n.flatBuf, n.fposBuf = n.flat, n.fpos
	return folded
}

// isASCII is names.IsASCII 8 bytes at a time.
func isASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
