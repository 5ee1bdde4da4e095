package judge

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"

	"github.com/lookalike/lookalike/internal/lines"
	"github.com/lookalike/lookalike/names"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
	"github.com/lookalike/lookalike/similar"
)

// Profile is who the brand is: its own DNS, read at scan start, and what the
// analyst says the organisation owns. Judge compares every result with it.
type Profile struct {
	Brand permute.Brand
	// The brand domain's own records. They are shown as evidence ("ns shared
	// with brand"), never taken as proof: a brand on Cloudflare or Microsoft
	// 365 shares those hosts with millions of strangers.
	NS, MX, A, AAAA []string
	// SOAContact is the mailbox domain of the brand zone's SOA RNAME
	// (hostmaster.airfrance.fr → airfrance.fr). Shown, never proof: on a hosted
	// zone it names the DNS provider.
	SOAContact string
	// Portfolio holds the registrable domains the organisation owns (A-labels).
	Portfolio map[string]bool
	// OwnerNS and OwnerMX are --owner-ns / --owner-mx patterns: a domain
	// ("af-klm.net": the host or any name under it) or a glob ("ns*.af-klm.*").
	OwnerNS, OwnerMX []string

	// own maps every registrable domain whose hosts are the organisation's to
	// how the evidence names it.
	own map[string]string
	// sim is Brand prepared for package similar's judgement of a name's
	// form, without the portfolio: a lapsed portfolio name still has one.
	sim *similar.Brand
}

// NewProfile builds the profile of brand b from its own DNS records and the
// analyst's files. Names are normalised (lower case, no trailing dot) so that
// the caller may pass them as DNS gave them.
func NewProfile(b permute.Brand, brandRecords resolve.Result, soaContact string, portfolio map[string]bool, ownerNS, ownerMX []string) *Profile {
	p := &Profile{
		Brand:      b,
		NS:         normHosts(brandRecords.NS),
		MX:         normHosts(brandRecords.MX),
		A:          slices.Clone(brandRecords.A),
		AAAA:       slices.Clone(brandRecords.AAAA),
		SOAContact: names.Normalize(soaContact),
		Portfolio:  map[string]bool{},
		OwnerNS:    normHosts(ownerNS),
		OwnerMX:    normHosts(ownerMX),
		own:        map[string]string{},
	}
	for d, ok := range portfolio {
		if !ok {
			continue
		}
		d = names.Normalize(d)
		if reg, _, okr := names.Registrable(d); okr {
			d = reg
		}
		p.Portfolio[d] = true
		p.own[d] = "portfolio domain " + d
	}
	if b.Domain != "" {
		p.own[b.Domain] = "brand domain"
	}
	p.sim = p.similarBrand()
	return p
}

// similarBrand is p.Brand ready for similar's judgement, nil when there is
// no brand; built once by NewProfile, again for a Profile made otherwise.
func (p *Profile) similarBrand() *similar.Brand {
	if p == nil || p.Brand.Domain == "" {
		return nil
	}
	if p.sim != nil && p.sim.Domain == p.Brand.Domain {
		return p.sim
	}
	sb, err := similar.NewBrand(p.Brand, nil, nil)
	if err != nil {
		return nil
	}
	return sb
}

// ownDomain says whether host lies under a registrable domain the
// organisation owns, and which, as the evidence names it.
func (p *Profile) ownDomain(host string) (string, bool) {
	if p == nil {
		return "", false
	}
	host = names.Normalize(host)
	reg, _, ok := names.Registrable(host)
	if !ok {
		return "", false
	}
	what, ok := p.own[reg]
	return what, ok
}

// ValidOwnerPattern checks an --owner-ns or --owner-mx value before a scan
// starts, so that a typo is a usage error rather than a silent non-match.
func ValidOwnerPattern(pat string) error {
	p := names.Normalize(pat)
	if p == "" {
		return fmt.Errorf("owner pattern %q is empty: give a domain such as example.net or a glob such as ns*.example.net", pat)
	}
	if _, err := path.Match(p, ""); err != nil {
		return fmt.Errorf("owner pattern %q is not a valid glob (%v): use * and ? only", pat, err)
	}
	// Anything but letters, digits, hyphens, dots and the two wildcards can
	// never match a host name: a typo would silently make nothing owned.
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '*' || r == '?') {
			return fmt.Errorf("owner pattern %q holds %q, which no host name holds: give a domain such as example.net or a glob such as ns*.example.net", pat, r)
		}
	}
	return nil
}

// matchOwner returns the first pattern host matches. A pattern without glob
// characters is a domain suffix at a label boundary; one with them is matched
// against the whole host name.
func matchOwner(patterns []string, host string) (string, bool) {
	host = names.Normalize(host)
	for _, p := range patterns {
		if strings.ContainsAny(p, "*?[") {
			if ok, _ := path.Match(p, host); ok {
				return p, true
			}
			continue
		}
		if host == p || strings.HasSuffix(host, "."+p) {
			return p, true
		}
	}
	return "", false
}

// ReadPortfolio reads the names an organisation owns, one a line, in any form
// permute.ParseName accepts (any case, Unicode or A-label, URL, trailing dot);
// '#' starts a comment. Each name counts by its registrable domain. Lines that
// cannot be read are returned as errors naming their line, and skipped.
func ReadPortfolio(r io.Reader) (map[string]bool, []error) {
	out := map[string]bool{}
	var errs []error
	last := 0
	err := lines.Each(r, func(n int, line string) bool {
		last = n
		c, err := permute.ParseName(line, "")
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n, err))
			return true
		}
		reg, _, ok := names.Registrable(c.Domain)
		if !ok {
			errs = append(errs, fmt.Errorf("line %d: %q is not under a known public suffix", n, line))
			return true
		}
		out[reg] = true
		return true
	})
	if err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = errors.New("a line is longer than 1 MiB; give one domain a line")
		}
		errs = append(errs, fmt.Errorf("after line %d: %w", last, err))
	}
	return out, errs
}

func normHosts(in []string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, 0, len(in))
	for _, s := range in {
		if s = names.Normalize(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
