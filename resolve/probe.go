package resolve

import (
	"context"
	crand "crypto/rand"
	"fmt"
	"slices"
	"strings"

	"github.com/miekg/dns"
)

// Probe checks the resolvers and the suffixes in play before a scan.
//
// Each resolver is asked about a random TLD (A and NS): one that answers
// NOERROR for a name that cannot exist rewrites NXDOMAIN and would make
// every unregistered name look registered, so it is dropped with a warning.
// If none is left, Probe returns an error wrapping ErrNoResolver and every
// later lookup is Unknown/lying-resolver.
//
// Each suffix (com, co.uk ...) is asked about a random name under it: a
// suffix whose random names exist has a wildcard, and names under it count as
// registered only from a delegation (see Result reasons). Suffixes not probed
// here are probed the first time a name under them is resolved.
//
// Then every resolver is asked the canaries (canary.go): the names of
// Options.Canaries must exist, a random label under each suffix must not. A
// resolver caught lying is dropped and named (a Liar, through Options.Warn
// and Client.Trust); if none is left, Probe returns an error wrapping
// ErrNoResolver that names each liar.
func (c *Client) Probe(ctx context.Context, suffixes []string) error {
	w := c.getWorker()
	defer c.putWorker(w)
	defer w.bind(ctx)()
	if err := c.probeResolvers(ctx, w); err != nil {
		return err
	}
	var clean []string
	for _, s := range suffixes {
		s = strings.Trim(strings.ToLower(strings.TrimSpace(s)), ".")
		if s != "" && !slices.Contains(clean, s) {
			clean = append(clean, s)
		}
	}
	// Canaries before the wildcard probes: a suffix probed through a liar
	// would be remembered wrong.
	if err := c.probeCanaries(ctx, w, clean); err != nil {
		return err
	}
	// A resolver that cannot reach the registries fails every suffix the
	// same way: one warning a reason, not one a suffix.
	failed := map[string][]string{}
	var reasons []string
	for _, s := range clean {
		_, err := c.probedSuffix(ctx, w, s, func(sfx, why string) {
			if failed[why] == nil {
				reasons = append(reasons, why)
			}
			failed[why] = append(failed[why], sfx)
		})
		if err != nil {
			return err
		}
	}
	for _, why := range reasons {
		c.warn(unprobed(failed[why], why))
	}
	return nil
}

// unprobed is the warning for the suffixes whose wildcard probe got no
// answer, for the same reason.
func unprobed(suffixes []string, why string) string {
	if len(suffixes) == 1 {
		return fmt.Sprintf("could not probe .%s for a wildcard (%s); names under it count as registered only if delegated", suffixes[0], why)
	}
	const shown = 8
	list := "." + strings.Join(suffixes[:min(shown, len(suffixes))], ", .")
	if len(suffixes) > shown {
		list += fmt.Sprintf(" and %d more", len(suffixes)-shown)
	}
	return fmt.Sprintf("could not probe %d suffixes for a wildcard (%s): %s; names under them count as registered only if delegated", len(suffixes), why, list)
}

// ensureProbed runs the resolver probe if Probe was not called; its failure
// is recorded in the resolver list and shows in every Result.
func (c *Client) ensureProbed(ctx context.Context) {
	c.mu.Lock()
	probed := c.probed
	c.mu.Unlock()
	if probed {
		return
	}
	w := c.getWorker()
	defer c.putWorker(w)
	defer w.bind(ctx)()
	c.probeResolvers(ctx, w)
}

func (c *Client) probeResolvers(ctx context.Context, w *worker) error {
	c.probeMu.Lock()
	defer c.probeMu.Unlock()
	c.mu.Lock()
	probed, resolvers := c.probed, c.resolvers
	c.mu.Unlock()
	if !probed {
		var keep, liars []string
		for _, r := range resolvers {
			lie, reason := w.lies(ctx, r)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			switch {
			case lie:
				liars = append(liars, r)
				c.trust.mu.Lock()
				c.trust.liars = append(c.trust.liars, Liar{r, "a random TLD", "NOERROR", "does not exist"})
				c.trust.mu.Unlock()
				c.warn(fmt.Sprintf("resolver %s answers for names that do not exist; dropped (it would make unregistered names look registered)", r))
			case reason != "":
				keep = append(keep, r)
				c.warn(fmt.Sprintf("resolver %s did not answer the probe (%s); kept, but its failures will show as unknown", r, reason))
			default:
				keep = append(keep, r)
			}
		}
		c.mu.Lock()
		c.resolvers = keep
		c.dropped = append(c.dropped, liars...)
		c.probed = true
		if len(keep) == 0 {
			c.noResolver = ReasonLyingResolver
		}
		if len(liars) > 0 {
			c.records = nil // built again from the resolvers kept
		}
		c.mu.Unlock()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.resolvers) == 0 {
		return fmt.Errorf("%w: every resolver (%s) answers for names that do not exist; use resolvers that return NXDOMAIN honestly",
			ErrNoResolver, strings.Join(c.dropped, ", "))
	}
	return nil
}

// lies asks r about a random TLD. It returns true if r claimed the name
// exists, or false and the reason if r never answered.
func (w *worker) lies(ctx context.Context, r string) (bool, string) {
	tld := randomLabel() + "."
	reason := ""
	for _, t := range []uint16{dns.TypeA, dns.TypeNS} {
		answered := false
		for try := 0; try <= w.c.retries && !answered; try++ {
			resp, err := w.exchange(ctx, r, tld, t, true)
			if err != nil {
				if ctx.Err() != nil {
					return false, ReasonCancelled
				}
				reason = reasonOf(err)
				continue
			}
			switch resp.Rcode {
			case dns.RcodeSuccess:
				return true, ""
			case dns.RcodeServerFailure:
				reason = ReasonServfail
			default:
				answered = true
			}
		}
		if answered {
			reason = ""
		}
	}
	return false, reason
}

// suffixInfo is what the probe learned about a public suffix.
type suffixInfo struct {
	// wildcard: random names under the suffix exist (or the probe could not
	// tell, which is treated the same: never guess).
	wildcard bool
	// ns: the NS set a random name got, if the wildcard has NS records.
	ns []string
}

// masks reports whether an NS set is only the wildcard's own.
func (s suffixInfo) masks(ns []string) bool {
	return s.wildcard && len(s.ns) > 0 && slices.Equal(ns, s.ns)
}

// suffix returns the probe of a suffix, probing it on first use.
func (c *Client) suffix(ctx context.Context, w *worker, suffix string) (suffixInfo, error) {
	return c.probedSuffix(ctx, w, suffix, nil)
}

// probedSuffix is suffix with the probe's failure handed to failed (when
// set) instead of a warning of its own.
func (c *Client) probedSuffix(ctx context.Context, w *worker, suffix string, failed func(suffix, why string)) (suffixInfo, error) {
	if suffix == "" {
		return suffixInfo{}, nil
	}
	return c.suffixCache.get(ctx, suffix, func() (suffixInfo, bool, error) {
		info, why, err := w.probeSuffix(ctx, suffix)
		switch {
		case why != "" && failed != nil:
			failed(suffix, why)
		case why != "":
			c.warn(unprobed([]string{suffix}, why))
		}
		return info, err == nil, err
	})
}

// probeSuffix asks about a random name under suffix. why, when the probe
// got no answer, says what came instead; the suffix is then treated as a
// wildcard (never guess).
func (w *worker) probeSuffix(ctx context.Context, suffix string) (_ suffixInfo, why string, _ error) {
	name := randomLabel() + "." + suffix + "."
	resp, err := w.askAny(ctx, name, dns.TypeNS)
	if ctx.Err() != nil {
		return suffixInfo{}, "", ctx.Err()
	}
	if err != nil || (resp.Rcode != dns.RcodeSuccess && resp.Rcode != dns.RcodeNameError) {
		why := "no answer"
		if err != nil {
			why = reasonOf(err)
		} else if s, ok := dns.RcodeToString[resp.Rcode]; ok {
			why = s
		}
		return suffixInfo{wildcard: true}, why, nil
	}
	v, ns := classify(resp, name)
	if v == vNX || v == vUpward || v == vFiltered {
		return suffixInfo{}, "", nil
	}
	w.c.warn(fmt.Sprintf(".%s answers for names that do not exist (a wildcard); names under it count as registered only if delegated", suffix))
	return suffixInfo{wildcard: true, ns: ns}, "", nil
}

// randomLabel is a label nobody has registered: 26 random base32 characters.
func randomLabel() string {
	return strings.ToLower(crand.Text())
}
