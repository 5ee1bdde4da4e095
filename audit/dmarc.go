package audit

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrNotDMARC is returned by ParseDMARC for a TXT string that is not a DMARC
// record (its first tag is not v=DMARC1).
var ErrNotDMARC = errors.New("not a DMARC record")

// DMARC is a parsed DMARC record (RFC 7489 §6.3).
type DMARC struct {
	// Policy and SubdomainPolicy are the p= and sp= values, lower-case.
	Policy, SubdomainPolicy string
	// RUA and RUF are the report URIs as given, without any "!size" limit.
	RUA, RUF []string
	// Tags holds every tag, names lower-case, values as given.
	Tags map[string]string
}

// ParseDMARC reads a DMARC record: tag=value pairs separated by ';', the first
// one v=DMARC1. It fails on a tag without '=', a repeated tag or a missing p=
// (a record without one is ignored by receivers unless rua= is given, RFC 7489
// §6.6.3); a string that is not DMARC at all gives ErrNotDMARC.
func ParseDMARC(txt string) (DMARC, error) {
	d := DMARC{Tags: map[string]string{}}
	first := true
	for part := range strings.SplitSeq(txt, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, val, ok := strings.Cut(part, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		val = strings.TrimSpace(val)
		if first {
			if !ok || name != "v" || val != "DMARC1" {
				return DMARC{}, ErrNotDMARC
			}
			first = false
		}
		if !ok || name == "" {
			return d, fmt.Errorf("DMARC tag %q has no '='", part)
		}
		if _, dup := d.Tags[name]; dup {
			return d, fmt.Errorf("DMARC tag %s= appears twice", name)
		}
		d.Tags[name] = val
		switch name {
		case "p":
			d.Policy = strings.ToLower(val)
		case "sp":
			d.SubdomainPolicy = strings.ToLower(val)
		case "rua":
			d.RUA = dmarcURIs(val)
		case "ruf":
			d.RUF = dmarcURIs(val)
		}
	}
	if first {
		return DMARC{}, ErrNotDMARC
	}
	if d.Policy == "" && len(d.RUA) == 0 {
		return d, errors.New("DMARC record has neither p= nor rua=")
	}
	return d, nil
}

// dmarcURIs splits a comma-separated URI list and drops "!10m" size limits.
func dmarcURIs(v string) []string {
	var out []string
	for u := range strings.SplitSeq(v, ",") {
		u = strings.TrimSpace(u)
		if i := strings.LastIndexByte(u, '!'); i >= 0 {
			u = u[:i]
		}
		if u != "" {
			out = append(out, u)
		}
	}
	return out
}

// reportHost returns the host a report URI sends to: the domain of a mailto:
// address, or the host of an http(s) URI.
func reportHost(uri string) (string, bool) {
	if len(uri) > 7 && strings.EqualFold(uri[:7], "mailto:") {
		addr := uri[7:]
		if i := strings.IndexByte(addr, '?'); i >= 0 {
			addr = addr[:i]
		}
		if s, err := url.PathUnescape(addr); err == nil {
			addr = s
		}
		at := strings.LastIndexByte(addr, '@')
		if at < 0 || at == len(addr)-1 {
			return "", false
		}
		return addr[at+1:], true
	}
	u, err := url.Parse(uri)
	if err != nil || u.Hostname() == "" {
		return "", false
	}
	return u.Hostname(), true
}
