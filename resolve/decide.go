package resolve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// verdict is what one NOERROR or NXDOMAIN reply to "reg NS" says.
type verdict uint8

const (
	vExists     verdict = iota // the name exists: data, NODATA, or a CNAME chain starting at it
	vDelegation                // NS records owned by the name: an answer or a referral
	vUpward                    // a referral to an ancestor zone: the server did not answer
	vNX                        // the name does not exist
	vFiltered                  // NXDOMAIN without the SOA of a zone that can hold the name: not the registry's word
)

// classify reads a NOERROR or NXDOMAIN reply to an NS query for fqdn.
func classify(resp *dns.Msg, fqdn string) (verdict, []string) {
	if resp.Rcode == dns.RcodeNameError {
		// RFC 6604: the rcode speaks for the last name of a CNAME chain; a chain
		// that starts at fqdn proves fqdn exists.
		for _, rr := range resp.Answer {
			if strings.EqualFold(rr.Header().Name, fqdn) {
				return vExists, nil
			}
		}
		if !soaFits(resp.Ns, fqdn) {
			return vFiltered, nil
		}
		return vNX, nil
	}
	if ns := nsOwnedBy(resp.Answer, fqdn); ns != nil {
		return vDelegation, ns
	}
	if len(resp.Answer) > 0 {
		return vExists, nil
	}
	if ns := nsOwnedBy(resp.Ns, fqdn); ns != nil {
		return vDelegation, ns // a referral from the parent zone's server
	}
	hasSOA, hasNS := false, false
	for _, rr := range resp.Ns {
		switch rr.Header().Rrtype {
		case dns.TypeSOA:
			hasSOA = true
		case dns.TypeNS:
			hasNS = true
		}
	}
	if hasNS && !hasSOA {
		// NS for a zone above the name: "ask them", not "it exists". Non-recursive
		// servers answer so, and counting it as NODATA would call anything registered.
		return vUpward, nil
	}
	return vExists, nil
}

// nsOwnedBy returns the sorted, lower-case targets (no trailing dot) of the NS
// records owned by fqdn, or nil.
func nsOwnedBy(rrs []dns.RR, fqdn string) []string {
	var out []string
	for _, rr := range rrs {
		if ns, ok := rr.(*dns.NS); ok && strings.EqualFold(ns.Hdr.Name, fqdn) {
			out = append(out, hostName(ns.Ns))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func hostName(s string) string {
	s = strings.ToLower(s)
	if len(s) > 1 {
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// decide asks the resolvers for the NS of reg and says what it proves.
func (w *worker) decide(ctx context.Context, reg, suffix string) (Status, string, []string) {
	return w.decideFrom(ctx, reg, suffix, nil)
}

// firstTry is the first attempt of a decision, made by a lane (lanes.go):
// the resolver it asked, at which place of the pool, and what came back.
type firstTry struct {
	start    int
	resolver string
	resp     *dns.Msg // the worker's own copy
	err      error
}

// decideFrom is decide with the first attempt already made (first non-nil):
// it goes on exactly as decide would have after that reply or error.
func (w *worker) decideFrom(ctx context.Context, reg, suffix string, first *firstTry) (Status, string, []string) {
	c := w.c
	fqdn := reg + "."
	sfx, err := c.suffix(ctx, w, suffix)
	if err != nil {
		return Unknown, ReasonCancelled, nil
	}
	resolvers, noResolver := c.activeResolvers()
	if len(resolvers) == 0 {
		return Unknown, noResolver, nil
	}
	start := w.id + w.turn
	w.turn++
	if first != nil {
		start = first.start
	}
	reason := ReasonTimeout
tries:
	for try := 0; try <= c.retries; try++ {
		if try > 0 {
			c.retried.Add(1)
		}
		resolver := resolvers[(start+try)%len(resolvers)]
		var resp *dns.Msg
		var err error
		if try == 0 && first != nil {
			resolver, resp, err = first.resolver, first.resp, first.err
		} else {
			resp, err = w.exchange(ctx, resolver, fqdn, dns.TypeNS, true)
		}
		if err != nil {
			if ctx.Err() != nil {
				return Unknown, ReasonCancelled, nil
			}
			if c.silent.Load() {
				return Unknown, ReasonSilent, nil // nothing more is asked, not even the parent
			}
			reason = reasonOf(err)
			continue
		}
		switch resp.Rcode {
		case dns.RcodeSuccess, dns.RcodeNameError:
			v, ns := classify(resp, fqdn)
			switch {
			case v == vNX && c.opts.CrossCheck && len(resolvers) > 1:
				return w.secondOpinion(ctx, resolver, resolvers[(start+try+1)%len(resolvers)], fqdn, suffix, sfx)
			case v == vNX:
				return Unregistered, "", nil
			case v == vFiltered:
				// A firewall's NXDOMAIN (or one without any SOA): ask the next
				// resolver, then the suffix's own servers.
				c.noteFiltering(resolver, fqdn, resp.Ns)
				reason = ReasonFiltered
				if try+1 >= len(resolvers) {
					break tries // every resolver asked: the same one again would filter again
				}
				continue
			case v == vUpward:
				reason = ReasonReferral
				continue
			case v == vDelegation && !sfx.masks(ns):
				return Registered, ReasonDelegation, ns
			case sfx.wildcard:
				// Under a wildcard every name "exists"; only the parent's delegation tells.
				reason = ReasonWildcardTLD
				break tries
			default:
				return Registered, ReasonNoError, nil
			}
		case dns.RcodeServerFailure:
			reason = ReasonServfail
		case dns.RcodeRefused:
			// A refusal speaks for the resolver (an ACL, a rate limit), not
			// the name: with retries left another resolver is asked.
			if try < c.retries && len(resolvers) > 1 {
				reason = ReasonRefused
				continue
			}
			return Unknown, ReasonRefused, nil
		case dns.RcodeFormatError:
			return Unknown, ReasonFormerr, nil
		case dns.RcodeNotImplemented:
			return Unknown, ReasonNotImp, nil
		default:
			return Unknown, ReasonRcode, nil
		}
	}
	return w.askParent(ctx, fqdn, suffix, sfx, reason)
}

// askParent asks the suffix's own servers (no recursion) whether they
// delegate fqdn: a registered name whose name servers are dead (a lame
// delegation, common for parked names) fails through a recursive resolver
// but is still delegated by its parent; a name a filtering resolver blocks is
// decided by its registry; under a wildcard suffix, where every name
// "exists", only the registry's delegation tells. reason is what the
// resolvers said, kept when the parent cannot tell either.
func (w *worker) askParent(ctx context.Context, fqdn, suffix string, sfx suffixInfo, reason string) (Status, string, []string) {
	c := w.c
	if suffix == "" {
		return Unknown, reason, nil
	}
	c.parentChecks.Add(1)
	v, ns := w.askAuthority(ctx, fqdn, suffix, sfx)
	switch {
	case ctx.Err() != nil:
		return Unknown, ReasonCancelled, nil
	case v == authDelegated && reason == ReasonWildcardTLD:
		// The name servers answer (the resolvers gave the wildcard's records,
		// not a failure): its records are worth collecting.
		return Registered, ReasonAuthority, ns
	case v == authDelegated:
		return Registered, ReasonParent, ns
	case v == authAbsent:
		return Unregistered, "", nil
	}
	return Unknown, reason, nil
}

// errNoParent: the suffix's servers cannot be found; cached, not retried.
var errNoParent = errors.New("no servers found for the suffix")

// maxParentHosts bounds the servers of one suffix that are looked up.
const maxParentHosts = 4

// parentServers returns "ip:port" of the suffix's own servers, found once per
// suffix through the resolvers (NS of the suffix, walking up to the zone cut,
// then each server's address).
func (c *Client) parentServers(ctx context.Context, w *worker, suffix string) ([]string, error) {
	return c.parentCache.get(ctx, suffix, func() ([]string, bool, error) {
		addrs, err := w.findParentServers(ctx, suffix)
		return addrs, err == nil || errors.Is(err, errNoParent), err
	})
}

func (w *worker) findParentServers(ctx context.Context, suffix string) ([]string, error) {
	c := w.c
	for zone := suffix; zone != ""; _, zone, _ = strings.Cut(zone, ".") {
		resp, err := w.askPastFilters(ctx, zone+".", dns.TypeNS)
		if err != nil {
			return nil, err
		}
		switch resp.Rcode {
		case dns.RcodeNameError:
			return nil, fmt.Errorf("%w: %s does not exist", errNoParent, zone)
		case dns.RcodeSuccess:
		default:
			return nil, fmt.Errorf("NS %s: rcode %s", zone, dns.RcodeToString[resp.Rcode])
		}
		hosts := nsOwnedBy(resp.Answer, zone+".")
		if len(hosts) == 0 {
			continue // no zone cut at this label (a PSL entry inside a larger zone)
		}
		if len(hosts) > maxParentHosts {
			hosts = hosts[:maxParentHosts]
		}
		var addrs []string
		var lastErr error
		for _, h := range hosts {
			ips := glue(resp.Extra, h)
			if len(ips) == 0 {
				ips, err = w.addresses(ctx, h)
				if err != nil {
					if ctx.Err() != nil {
						return nil, ctx.Err()
					}
					lastErr = err
					continue
				}
			}
			for _, ip := range ips {
				addrs = append(addrs, net.JoinHostPort(ip, fmt.Sprint(c.authPort)))
			}
		}
		if len(addrs) == 0 {
			if lastErr != nil {
				return nil, lastErr
			}
			return nil, fmt.Errorf("%w: no address for the servers of %s", errNoParent, zone)
		}
		return addrs, nil
	}
	return nil, fmt.Errorf("%w: no zone cut at or above %s", errNoParent, suffix)
}

// glue returns the addresses for host in an additional section.
func glue(extra []dns.RR, host string) []string {
	var out []string
	for _, rr := range extra {
		if !strings.EqualFold(hostName(rr.Header().Name), host) {
			continue
		}
		switch a := rr.(type) {
		case *dns.A:
			out = append(out, a.A.String())
		case *dns.AAAA:
			out = append(out, a.AAAA.String())
		}
	}
	return out
}

// addresses looks up host's IPv4 addresses, and its IPv6 ones only if it has
// no IPv4 address.
func (w *worker) addresses(ctx context.Context, host string) ([]string, error) {
	var out []string
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		resp, err := w.askPastFilters(ctx, dns.Fqdn(host), t)
		if err != nil {
			return nil, err
		}
		for _, rr := range resp.Answer {
			switch a := rr.(type) {
			case *dns.A:
				out = append(out, a.A.String())
			case *dns.AAAA:
				out = append(out, a.AAAA.String())
			}
		}
		if len(out) > 0 {
			break
		}
	}
	return out, nil
}

// askAny asks the resolvers in turn until one gives a reply other than
// SERVFAIL, with the same number of tries as a candidate gets.
func (w *worker) askAny(ctx context.Context, fqdn string, qtype uint16) (*dns.Msg, error) {
	c := w.c
	resolvers, _ := c.activeResolvers()
	if len(resolvers) == 0 {
		return nil, ErrNoResolver
	}
	err := errTimeout
	for try := range c.retries + 1 {
		if try > 0 {
			c.retried.Add(1)
		}
		resp, e := w.exchange(ctx, resolvers[(w.id+try)%len(resolvers)], fqdn, qtype, true)
		if e != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			err = e
			continue
		}
		if resp.Rcode == dns.RcodeServerFailure {
			err = errors.New("SERVFAIL")
			continue
		}
		return resp, nil
	}
	return nil, err
}
