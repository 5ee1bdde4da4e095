package resolve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lookalike/lookalike/names"
	"github.com/miekg/dns"
)

// An NXDOMAIN is what turns a lookalike into "register this first", so it is
// the one answer that must never be taken on a resolver's word alone when
// anything about it looks wrong. This file holds the checks on it: the SOA a
// negative answer must carry, the suffix's own servers as referee, and the
// record of resolvers caught filtering or lying.

// trustState is what a Client learned about its resolvers' honesty.
type trustState struct {
	mu        sync.Mutex
	liars     []Liar
	filtering map[string]bool // resolvers already warned about as filtering
	losers    map[string]bool // resolvers already warned about losing a disagreement
	canaried  bool

	filtered, disagreements, confirmations atomic.Int64
}

// Liar is a resolver caught lying to a canary and dropped. Its Error names
// the resolver, the name asked and what it said, for the user's stderr.
type Liar struct {
	Resolver string // "ip:port"
	Name     string // the canary asked, without trailing dot
	Said     string // what the resolver answered ("NXDOMAIN", "NS ns.hijack.test")
	Want     string // what the canary is known to be, and how we know
}

func (l Liar) Error() string {
	return fmt.Sprintf("resolver %s lies: it says %s for %s, which %s; dropped (pass --resolvers that answer honestly)",
		l.Resolver, l.Said, l.Name, l.Want)
}

// Trust counts what the honesty checks did, for the scan's summary.
type Trust struct {
	// Liars: resolvers dropped by the canaries, with what they said.
	Liars []Liar
	// Filtering: resolvers that gave NXDOMAIN without the zone's SOA.
	Filtering []string
	// Filtered: NXDOMAIN answers not trusted for want of the zone's SOA.
	Filtered int64
	// Disagreements: names one resolver called NXDOMAIN and another not
	// (CrossCheck), settled by the suffix's own servers where they could.
	Disagreements int64
	// Confirmations: ConfirmUnregistered calls.
	Confirmations int64
}

// Trust returns what the honesty checks found so far.
func (c *Client) Trust() Trust {
	t := &c.trust
	t.mu.Lock()
	defer t.mu.Unlock()
	out := Trust{
		Liars:         append([]Liar(nil), t.liars...),
		Filtered:      t.filtered.Load(),
		Disagreements: t.disagreements.Load(),
		Confirmations: t.confirmations.Load(),
	}
	for r := range t.filtering {
		out.Filtering = append(out.Filtering, r)
	}
	slices.Sort(out.Filtering)
	return out
}

// soaFits reports whether the authority section of a negative answer about
// fqdn holds the SOA of a zone that can hold fqdn: an ancestor of fqdn, the
// suffix's zone or one above it (co.uk or uk for x.co.uk). A firewall's
// response-policy zone (rpz.local), no SOA at all, or the name's own SOA are
// not the registry speaking. The root's SOA fits too: it is what an honest
// resolver gives under a TLD that does not exist (where nothing can be
// registered anyway), and a resolver that hands it out for a real TLD is
// caught by the canaries, which ask for the TLDs themselves.
func soaFits(ns []dns.RR, fqdn string) bool {
	parent := "."
	if _, rest, ok := strings.Cut(fqdn, "."); ok && rest != "" {
		parent = rest
	}
	for _, rr := range ns {
		soa, ok := rr.(*dns.SOA)
		if !ok {
			continue
		}
		if under, ok := plainUnder(parent, soa.Hdr.Name); ok {
			if under {
				return true
			}
			continue
		}
		owner := dns.CanonicalName(soa.Hdr.Name)
		if dns.IsSubDomain(owner, dns.CanonicalName(parent)) {
			return true
		}
	}
	return false
}

// plainUnder is dns.IsSubDomain(zone, name) for the names of nearly every
// reply, without its allocations: FQDNs of plain ASCII labels, compared
// case-insensitively. ok is false for anything else (an escape, a byte past
// ASCII, an empty label), which IsSubDomain then decides.
func plainUnder(name, zone string) (under, ok bool) {
	if !plainFQDN(name) || !plainFQDN(zone) {
		return false, false
	}
	if zone == "." {
		return true, true
	}
	if len(name) < len(zone) {
		return false, true
	}
	cut := len(name) - len(zone)
	if cut > 0 && name[cut-1] != '.' {
		return false, true
	}
	for i := range len(zone) {
		if lower(name[cut+i]) != lower(zone[i]) {
			return false, true
		}
	}
	return true, true
}

// plainFQDN: "." or labels of printable ASCII without escapes, each
// followed by a dot.
func plainFQDN(s string) bool {
	if s == "." {
		return true
	}
	if s == "" || s[0] == '.' || s[len(s)-1] != '.' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@' || c == '$' {
			return false
		}
		if c == '.' && i > 0 && s[i-1] == '.' {
			return false
		}
	}
	return true
}

// soaOwner names the SOA of a negative answer for a message ("none").
func soaOwner(ns []dns.RR) string {
	for _, rr := range ns {
		if soa, ok := rr.(*dns.SOA); ok {
			return hostName(soa.Hdr.Name)
		}
	}
	return "none"
}

// noteFiltering counts an untrusted NXDOMAIN and warns once per resolver.
func (c *Client) noteFiltering(resolver, fqdn string, ns []dns.RR) {
	t := &c.trust
	t.filtered.Add(1)
	t.mu.Lock()
	if t.filtering == nil {
		t.filtering = make(map[string]bool)
	}
	first := !t.filtering[resolver]
	t.filtering[resolver] = true
	t.mu.Unlock()
	if first {
		c.warn(fmt.Sprintf("resolver %s answers NXDOMAIN for %s without the SOA of its zone (SOA: %s): a filtering resolver (DNS firewall, RPZ); such answers are asked again elsewhere and show as unknown/filtered if nobody can settle them",
			resolver, hostName(fqdn), soaOwner(ns)))
	}
}

// authVerdict is what a suffix's own servers say about a name.
type authVerdict uint8

const (
	authUnknown   authVerdict = iota // could not be asked, or no clear answer
	authDelegated                    // a referral (or NS answer) for the name
	authAbsent                       // authoritative NXDOMAIN, or under a wildcard an authoritative answer without a delegation
)

// askAuthority asks the suffix's own servers, without recursion, whether
// they delegate fqdn. Only an authoritative NXDOMAIN with the zone's SOA
// says absent; under a wildcard suffix an authoritative answer without a
// delegation (the wildcard's own records) does too. An authoritative answer
// without a delegation under an ordinary suffix means the registry's zone
// holds the name itself (reserved, or an empty non-terminal): not for sale,
// so unknown.
func (w *worker) askAuthority(ctx context.Context, fqdn, suffix string, sfx suffixInfo) (authVerdict, []string) {
	c := w.c
	if suffix == "" {
		return authUnknown, nil
	}
	servers, err := c.parentServers(ctx, w, suffix)
	if err != nil || len(servers) == 0 || ctx.Err() != nil {
		return authUnknown, nil
	}
	for i := range max(c.retries+1, len(servers)) {
		if i > 0 {
			c.retried.Add(1)
		}
		resp, err := w.exchange(ctx, servers[i%len(servers)], fqdn, dns.TypeNS, false)
		if err != nil {
			if ctx.Err() != nil {
				return authUnknown, nil
			}
			continue
		}
		switch resp.Rcode {
		case dns.RcodeSuccess:
			v, ns := classify(resp, fqdn)
			switch {
			case v == vDelegation && !sfx.masks(ns):
				return authDelegated, ns
			case (v == vDelegation || v == vExists) && sfx.wildcard && resp.Authoritative:
				return authAbsent, nil
			}
			return authUnknown, nil
		case dns.RcodeNameError:
			if v, _ := classify(resp, fqdn); v == vNX && resp.Authoritative {
				return authAbsent, nil
			}
			return authUnknown, nil
		case dns.RcodeServerFailure:
			continue
		default:
			return authUnknown, nil
		}
	}
	return authUnknown, nil
}

// ConfirmUnregistered asks the suffix's own servers, without recursion,
// whether name's registrable domain is delegated, so that no resolver's word
// alone puts a name on a list to register. It returns Unregistered only for
// an authoritative NXDOMAIN carrying the zone's SOA (or, under a wildcard
// suffix, an authoritative answer without a delegation); Registered with
// ReasonAuthority for a delegation; otherwise Unknown with ReasonUnconfirmed
// (or ReasonBadName, ReasonCancelled). The scan engine calls it for each
// name it offers for registration.
func (c *Client) ConfirmUnregistered(ctx context.Context, name string) (Status, string) {
	st, reason, _ := c.confirm(ctx, name)
	return st, reason
}

// Confirm checks an Unregistered result with ConfirmUnregistered and, when
// the suffix's own servers do not confirm it, rewrites it in place:
// Registered/authority with their NS set, or Unknown/unconfirmed. It
// reports whether r is still Unregistered; other results are left as they
// are (and reported false). The engine calls it on each name it is about to
// offer for registration.
func (c *Client) Confirm(ctx context.Context, r *Result) bool {
	if r.Status != Unregistered {
		return false
	}
	name := r.Registrable
	if name == "" {
		name = r.Domain
	}
	st, reason, ns := c.confirm(ctx, name)
	r.Status, r.Reason = st, reason
	if st == Registered {
		r.NS = ns
	}
	return st == Unregistered
}

func (c *Client) confirm(ctx context.Context, name string) (Status, string, []string) {
	name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), ".")
	if !names.ValidHost(name) {
		return Unknown, ReasonBadName, nil
	}
	reg, suffix := names.Cut(name)
	if suffix == "" {
		return Unknown, ReasonUnconfirmed, nil
	}
	c.ensureProbed(ctx)
	c.trust.confirmations.Add(1)
	w := c.getWorker()
	defer c.putWorker(w)
	defer w.bind(ctx)()
	sfx, err := c.suffix(ctx, w, suffix)
	if err != nil {
		return Unknown, ReasonCancelled, nil
	}
	v, ns := w.askAuthority(ctx, reg+".", suffix, sfx)
	switch {
	case ctx.Err() != nil:
		return Unknown, ReasonCancelled, nil
	case v == authAbsent:
		return Unregistered, "", nil
	case v == authDelegated:
		return Registered, ReasonAuthority, ns
	}
	return Unknown, ReasonUnconfirmed, nil
}

// secondOpinion asks another resolver about a name the first called
// NXDOMAIN (Options.CrossCheck). Agreement, or no usable reply, leaves the
// NXDOMAIN standing; a delegation or existence there is a disagreement,
// settled by the suffix's own servers.
func (w *worker) secondOpinion(ctx context.Context, first, other, fqdn, suffix string, sfx suffixInfo) (Status, string, []string) {
	c := w.c
	resp, err := w.exchange(ctx, other, fqdn, dns.TypeNS, true)
	if err != nil {
		if ctx.Err() != nil {
			return Unknown, ReasonCancelled, nil
		}
		return Unregistered, "", nil
	}
	if resp.Rcode != dns.RcodeSuccess && resp.Rcode != dns.RcodeNameError {
		return Unregistered, "", nil
	}
	v, ns := classify(resp, fqdn)
	switch {
	case v == vNX, v == vUpward:
		return Unregistered, "", nil
	case v == vFiltered:
		c.noteFiltering(other, fqdn, resp.Ns)
		return Unregistered, "", nil
	case v == vDelegation && sfx.masks(ns), v == vExists && sfx.wildcard:
		return Unregistered, "", nil // the wildcard's own answer: no delegation either
	}
	c.trust.disagreements.Add(1)
	c.parentChecks.Add(1)
	av, ans := w.askAuthority(ctx, fqdn, suffix, sfx)
	switch {
	case ctx.Err() != nil:
		return Unknown, ReasonCancelled, nil
	case av == authAbsent:
		c.noteLoser(other, first, fqdn)
		return Unregistered, "", nil
	case av == authDelegated:
		c.noteLoser(first, other, fqdn)
		return Registered, ReasonAuthority, ans
	}
	return Unknown, ReasonDisagree, nil
}

// noteLoser warns once per resolver that the suffix's servers proved it wrong.
func (c *Client) noteLoser(loser, winner, fqdn string) {
	t := &c.trust
	t.mu.Lock()
	if t.losers == nil {
		t.losers = make(map[string]bool)
	}
	first := !t.losers[loser]
	t.losers[loser] = true
	t.mu.Unlock()
	if first {
		c.warn(fmt.Sprintf("resolvers %s and %s disagree about %s; its registry's servers side with %s (further disagreements are settled the same way)",
			loser, winner, hostName(fqdn), winner))
	}
}

// reset forgets every value, so that what liars said is asked again of the
// resolvers kept.
func (fc *flightCache[T]) reset() {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	fc.m = nil
}

// askPastFilters asks the resolvers in turn, as askAny does, but takes an
// NXDOMAIN only with a SOA that fits fqdn: a firewall's NXDOMAIN for a TLD or
// for a TLD server's name is asked of the next resolver, so that one filter
// cannot hide a suffix's own servers. Only filtered NXDOMAINs is an error
// (not errNoParent: nothing is remembered of it).
func (w *worker) askPastFilters(ctx context.Context, fqdn string, qtype uint16) (*dns.Msg, error) {
	c := w.c
	resolvers, _ := c.activeResolvers()
	if len(resolvers) == 0 {
		return nil, ErrNoResolver
	}
	err := errTimeout
	filtered := false
	for try := range max(len(resolvers), c.retries+1) {
		if try > 0 {
			c.retried.Add(1)
		}
		resp, e := w.exchange(ctx, resolvers[(w.id+try)%len(resolvers)], fqdn, qtype, true)
		switch {
		case e != nil:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			err = e
			continue
		case resp.Rcode == dns.RcodeServerFailure:
			err = errors.New("SERVFAIL")
			continue
		case resp.Rcode == dns.RcodeNameError && !soaFits(resp.Ns, chainEnd(resp.Answer, fqdn)):
			filtered = true
			continue
		}
		return resp, nil
	}
	if filtered {
		return nil, fmt.Errorf("%s: NXDOMAIN without the SOA of its zone, from filtering resolvers only", hostName(fqdn))
	}
	return nil, err
}

// chainEnd follows the CNAME chain that starts at fqdn in an answer section
// and returns its last name: the one an NXDOMAIN rcode speaks for (RFC 6604),
// and so the one whose zone's SOA the authority section holds.
func chainEnd(answer []dns.RR, fqdn string) string {
	name := fqdn
	for range len(answer) { // a loop in the chain ends here too
		next := ""
		for _, rr := range answer {
			if cn, ok := rr.(*dns.CNAME); ok && strings.EqualFold(cn.Hdr.Name, name) {
				next = cn.Target
				break
			}
		}
		if next == "" {
			break
		}
		name = next
	}
	return dns.CanonicalName(name)
}
