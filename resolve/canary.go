package resolve

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lookalike/lookalike/names"
	"github.com/miekg/dns"
)

// Canaries: names whose truth is known before the scan, asked of every
// resolver. The random-TLD probe (probe.go) catches a resolver that says
// NOERROR for everything; these catch the other lies that would do harm:
//
//   - NXDOMAIN for a name known to be registered (the brand, its portfolio):
//     a resolver that denies would turn every registered lookalike into
//     "register this first";
//   - an NS set (or any NOERROR) for a random label under a suffix in play,
//     where the other resolvers or the suffix's own servers say NXDOMAIN: a
//     resolver that invents delegations would make free names look taken.
//
// Evidence is weighed before anyone is called a liar: another resolver that
// has the canary, the resolver itself denying the TLD the canary lives under,
// or the suffix's own servers. A canary nobody has is a warning (the brand
// may truly be unregistered), never a drop.

// Bounds on the canaries, so that the probe stays a few dozen queries per
// resolver however long the portfolio or the TLD list.
const (
	maxRegisteredCanaries = 8
	maxSuffixCanaries     = 16
	// A resolver that gave no answer to this many canaries in a row is not
	// asked the rest: it is silent, not lying, and the resolver probe has
	// already warned about it.
	maxCanarySilence = 2
)

// said is what one resolver answered to one canary.
type said struct {
	v    verdict // meaningful when ok
	ok   bool    // a NOERROR or NXDOMAIN reply came
	ns   []string
	soa  []dns.RR // authority section of a negative answer
	text string   // for the user: "NXDOMAIN", "NS a.test b.test", "NOERROR"
}

func (s said) positive() bool { return s.ok && (s.v == vExists || s.v == vDelegation) }
func (s said) negative() bool { return s.ok && (s.v == vNX || s.v == vFiltered) }

// askCanary asks r for the NS of fqdn, retrying timeouts and SERVFAIL at r.
func (w *worker) askCanary(ctx context.Context, r, fqdn string) said {
	for range w.c.retries + 1 {
		resp, err := w.exchange(ctx, r, fqdn, dns.TypeNS, true)
		if err != nil {
			if ctx.Err() != nil {
				return said{}
			}
			continue
		}
		switch resp.Rcode {
		case dns.RcodeSuccess, dns.RcodeNameError:
		case dns.RcodeServerFailure:
			continue
		default:
			return said{}
		}
		v, ns := classify(resp, fqdn)
		s := said{v: v, ok: true, ns: ns, soa: resp.Ns}
		switch v {
		case vNX, vFiltered:
			s.text = "NXDOMAIN"
		case vDelegation:
			s.text = "NS " + strings.Join(ns, " ")
		case vUpward:
			s.ok = false // a referral upwards says nothing about the name
		default:
			s.text = "NOERROR"
		}
		return s
	}
	return said{}
}

// canaryNames cuts Options.Canaries to distinct registrable domains.
func (c *Client) canaryNames() []string {
	var out []string
	for _, n := range c.opts.Canaries {
		n = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(n)), ".")
		if !names.ValidHost(n) {
			continue
		}
		reg, suffix := names.Cut(n)
		if suffix == "" || slices.Contains(out, reg) {
			continue
		}
		out = append(out, reg)
		if len(out) == maxRegisteredCanaries {
			break
		}
	}
	return out
}

// probeCanaries asks every resolver the canaries, drops the liars, and
// returns an error wrapping ErrNoResolver if none is left.
func (c *Client) probeCanaries(ctx context.Context, w *worker, suffixes []string) error {
	c.probeMu.Lock()
	defer c.probeMu.Unlock()
	c.trust.mu.Lock()
	done := c.trust.canaried
	c.trust.mu.Unlock()
	if done {
		return c.noneLeft()
	}
	regs := c.canaryNames()
	var sfxs []string
	for _, reg := range regs {
		if _, s := names.Cut(reg); !slices.Contains(sfxs, s) {
			sfxs = append(sfxs, s)
		}
	}
	for _, s := range suffixes {
		if !slices.Contains(sfxs, s) {
			sfxs = append(sfxs, s)
		}
	}
	if len(sfxs) > maxSuffixCanaries {
		sfxs = sfxs[:maxSuffixCanaries]
	}
	silent := map[string]int{}
	ask := func(r, fqdn string) said {
		if silent[r] >= maxCanarySilence {
			return said{}
		}
		s := w.askCanary(ctx, r, fqdn)
		if s.ok {
			silent[r] = 0
		} else {
			silent[r]++
		}
		return s
	}

	for _, reg := range regs {
		if err := c.registeredCanary(ctx, w, reg, ask); err != nil {
			return err
		}
	}
	for _, s := range sfxs {
		if err := c.randomCanary(ctx, w, s, ask); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	c.trust.mu.Lock()
	c.trust.canaried = true
	c.trust.mu.Unlock()
	return c.noneLeft()
}

// registeredCanary checks that the resolvers say reg exists.
func (c *Client) registeredCanary(ctx context.Context, w *worker, reg string, ask func(r, fqdn string) said) error {
	resolvers, _ := c.activeResolvers()
	fqdn := reg + "."
	_, suffix := names.Cut(reg)
	answers := make(map[string]said, len(resolvers))
	var deniers []string
	holder := ""
	for _, r := range resolvers {
		s := ask(r, fqdn)
		answers[r] = s
		switch {
		case s.negative():
			deniers = append(deniers, r)
		case s.positive() && holder == "":
			holder = r
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if len(deniers) == 0 {
		return nil
	}
	var liars []Liar
	var unsure []string
	tld := names.LastLabel(suffix)
	for _, r := range deniers {
		switch {
		case holder != "":
			liars = append(liars, Liar{r, reg, "NXDOMAIN", "exists (resolver " + holder + " has it)"})
		case names.IsPublicSuffix(tld) && ask(r, tld+".").negative():
			// Denying a TLD of the root zone as well: nothing this resolver
			// says NXDOMAIN to can be believed.
			liars = append(liars, Liar{r, reg, "NXDOMAIN (and NXDOMAIN for ." + tld + " itself)", "is a canary known to be registered"})
		default:
			unsure = append(unsure, r)
		}
	}
	c.dropLiars(liars)
	if len(unsure) == 0 || ctx.Err() != nil {
		return ctx.Err()
	}
	// Nobody kept has it: the registry's own servers settle whether it is
	// registered (asked through the resolvers kept, liars gone).
	v, _ := w.askAuthority(ctx, fqdn, suffix, suffixInfo{})
	switch v {
	case authDelegated:
		liars = liars[:0]
		for _, r := range unsure {
			liars = append(liars, Liar{r, reg, "NXDOMAIN", "is delegated by the servers of ." + suffix})
		}
		c.dropLiars(liars)
	case authAbsent:
		c.warn(fmt.Sprintf("canary %s is not registered (the servers of .%s say NXDOMAIN): check the brand and --portfolio for typos", reg, suffix))
	default:
		c.warn(fmt.Sprintf("every resolver asked (%s) says %s does not exist and the servers of .%s could not be asked: if %s is registered, these resolvers deny names and every lookalike will look free; check them",
			strings.Join(unsure, ", "), reg, suffix, reg))
	}
	return ctx.Err()
}

// randomCanary checks that the resolvers say a random label under suffix
// does not exist, unless the suffix truly has a wildcard.
func (c *Client) randomCanary(ctx context.Context, w *worker, suffix string, ask func(r, fqdn string) said) error {
	resolvers, _ := c.activeResolvers()
	fqdn := randomLabel() + "." + suffix + "."
	var inventors []string
	answers := make(map[string]said, len(resolvers))
	honest := ""
	for _, r := range resolvers {
		s := ask(r, fqdn)
		answers[r] = s
		switch {
		case s.positive():
			inventors = append(inventors, r)
		case s.ok && s.v == vNX && honest == "":
			honest = r
		case s.ok && s.v == vFiltered:
			c.noteFiltering(r, fqdn, s.soa)
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if len(inventors) == 0 {
		return nil
	}
	want := ""
	if honest != "" {
		want = "does not exist (resolver " + honest + " says NXDOMAIN)"
	} else if v, _ := w.askAuthority(ctx, fqdn, suffix, suffixInfo{}); v == authAbsent {
		want = "does not exist (the servers of ." + suffix + " say NXDOMAIN)"
	}
	if want == "" {
		return ctx.Err() // every resolver agrees and nobody says otherwise: a wildcard suffix (probe.go)
	}
	var liars []Liar
	for _, r := range inventors {
		liars = append(liars, Liar{r, strings.TrimSuffix(fqdn, "."), answers[r].text, want})
	}
	c.dropLiars(liars)
	return ctx.Err()
}

// dropLiars takes the liars out of the resolvers in use, names each, and
// forgets what was learned through them.
func (c *Client) dropLiars(liars []Liar) {
	if len(liars) == 0 {
		return
	}
	c.mu.Lock()
	keep := slices.DeleteFunc(slices.Clone(c.resolvers), func(r string) bool {
		return slices.ContainsFunc(liars, func(l Liar) bool { return l.Resolver == r })
	})
	for _, l := range liars {
		if !slices.Contains(c.dropped, l.Resolver) {
			c.dropped = append(c.dropped, l.Resolver)
		}
	}
	c.resolvers = keep
	c.records = nil // built again from the resolvers kept
	if len(keep) == 0 {
		c.noResolver = ReasonLyingResolver
	}
	c.mu.Unlock()
	c.suffixCache.reset()
	c.parentCache.reset()
	c.trust.mu.Lock()
	c.trust.liars = append(c.trust.liars, liars...)
	c.trust.mu.Unlock()
	for _, l := range liars {
		c.warn(l.Error())
	}
}

// noneLeft is the error when every resolver was dropped.
func (c *Client) noneLeft() error {
	c.mu.Lock()
	n := len(c.resolvers)
	c.mu.Unlock()
	if n > 0 {
		return nil
	}
	var errs []error
	for _, l := range c.Trust().Liars {
		errs = append(errs, l)
	}
	return fmt.Errorf("%w: every resolver lied to the canaries; use resolvers that return NXDOMAIN honestly: %w", ErrNoResolver, errors.Join(errs...))
}
