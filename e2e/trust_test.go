//go:build e2e

package e2e

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lookalike/lookalike/e2e/world"
	"github.com/lookalike/lookalike/internal/dnstest"
	"github.com/lookalike/lookalike/permute"
	"github.com/lookalike/lookalike/resolve"
)

// Issue 10 against a real NSD and unbound: no resolver may talk a registered
// name into "defend". These call package resolve directly: the checks are
// the library's, whatever command wires them.

const trustBrand = "acmebank.com"

// trustRPZ is a site's DNS firewall: it blocks one registered lookalike and
// one unregistered one with NXDOMAIN (RPZ "CNAME ." action).
const trustRPZ = `$TTL 60
@ SOA localhost. hostmaster.localhost. 1 3600 600 86400 60
@ NS localhost.
acmebnk.com CNAME .
acmbank.com CNAME .
`

func trustSpec() world.Spec {
	return world.Spec{
		Brands: []string{trustBrand},
		Registered: []world.Name{
			{Domain: "acmebnk.com", Kind: world.AMX},
			{Domain: "acmebamk.com", Kind: world.Lame},
			{Domain: "acmebank.ws", Kind: world.AMX},
		},
		Unregistered: []string{"acmbank.com", "acmebank-login.ws"},
		TLDs:         []string{"com", "ws"},
		WildcardTLDs: []string{"ws"},
		RPZ:          []world.RPZ{{Name: "firewall.rpz.invalid", Zone: trustRPZ}},
	}
}

type trustWarnings struct {
	mu   sync.Mutex
	msgs []string
}

func (w *trustWarnings) add(m string) { w.mu.Lock(); w.msgs = append(w.msgs, m); w.mu.Unlock() }
func (w *trustWarnings) has(s string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.ContainsFunc(w.msgs, func(m string) bool { return strings.Contains(m, s) })
}

func trustClient(t *testing.T, resolvers ...string) (*resolve.Client, *trustWarnings) {
	t.Helper()
	warn := new(trustWarnings)
	c, err := resolve.New(resolve.Options{
		Resolvers: resolvers, Concurrency: 8, Timeout: time.Second, Retries: 2,
		Canaries: []string{trustBrand}, Warn: warn.add,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, warn
}

func TestTrust(t *testing.T) {
	w := world.ForTest(t, trustSpec())
	ctx := context.Background()

	// Under the wildcard TLD, the TLD's own servers decide: acmebank.ws is
	// delegated, acmebank-login.ws and a random name are not.
	t.Run("wildcard TLD decided by its servers", func(t *testing.T) {
		c, _ := trustClient(t, w.Unbound())
		if err := c.Probe(ctx, []string{"com", "ws"}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name    string
			status  resolve.Status
			reason  string // of Lookup: unbound follows the real delegation
			confirm string // of ConfirmUnregistered
		}{
			{"acmebank.ws", resolve.Registered, resolve.ReasonDelegation, resolve.ReasonAuthority},
			{"acmebank-login.ws", resolve.Unregistered, "", ""},
			{"never-listed-anywhere.ws", resolve.Unregistered, "", ""},
		} {
			if got := c.Lookup(ctx, tc.name); got.Status != tc.status || got.Reason != tc.reason {
				t.Errorf("Lookup(%s) = %s/%q, want %s/%q", tc.name, got.Status, got.Reason, tc.status, tc.reason)
			}
			if st, reason := c.ConfirmUnregistered(ctx, tc.name); st != tc.status || reason != tc.confirm {
				t.Errorf("ConfirmUnregistered(%s) = %s/%q, want %s/%q", tc.name, st, reason, tc.status, tc.confirm)
			}
		}
	})

	// ConfirmUnregistered asks NSD, the TLD's server, directly.
	t.Run("confirmation by the TLD's servers", func(t *testing.T) {
		c, _ := trustClient(t, w.Unbound())
		for _, tc := range []struct {
			name   string
			status resolve.Status
		}{
			{"acmbank.com", resolve.Unregistered},
			{"acmebnk.com", resolve.Registered},
			{"acmebamk.com", resolve.Registered}, // lame: delegated all the same
		} {
			if st, reason := c.ConfirmUnregistered(ctx, tc.name); st != tc.status {
				t.Errorf("ConfirmUnregistered(%s) = %s/%q, want %s", tc.name, st, reason, tc.status)
			}
		}
	})

	// unbound with the firewall's policy zone: its NXDOMAIN for a registered
	// lookalike is not the registry's, so the registry is asked.
	t.Run("a DNS firewall's NXDOMAIN is settled by the registry", func(t *testing.T) {
		c, warn := trustClient(t, w.Unbound())
		if err := c.Probe(ctx, []string{"com"}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name   string
			status resolve.Status
		}{
			{"acmebnk.com", resolve.Registered},
			{"acmbank.com", resolve.Unregistered},
		} {
			if got := c.Lookup(ctx, tc.name); got.Status != tc.status {
				t.Errorf("Lookup(%s) = %s/%q, want %s", tc.name, got.Status, got.Reason, tc.status)
			}
		}
		if c.Trust().Filtered == 0 || !warn.has("filtering resolver") {
			t.Errorf("the firewall went unnoticed: %+v", c.Trust())
		}
	})

	// A resolver that says NXDOMAIN for everything, beside the real one, is
	// dropped by the brand's canary; the scan then goes through unbound only.
	t.Run("a denier beside unbound is dropped", func(t *testing.T) {
		denier := dnstest.New(t)
		denier.Override(dnstest.Rule{Kind: dnstest.NXDomain})
		c, warn := trustClient(t, w.Unbound(), denier.Addr())
		if err := c.Probe(ctx, []string{"com"}); err != nil {
			t.Fatal(err)
		}
		if got := c.Stats().Dropped; !slices.Equal(got, []string{denier.Addr()}) || !warn.has("lies") {
			t.Fatalf("dropped %v, want the denier %s named", got, denier.Addr())
		}
		var in []permute.Candidate
		for range 4 {
			in = append(in, permute.Candidate{Domain: "acmebnk.com", Unicode: "acmebnk.com", Brand: trustBrand})
		}
		for r := range c.Resolve(ctx, slices.Values(in)) {
			if r.Status != resolve.Registered {
				t.Errorf("%s = %s/%s after the denier was dropped", r.Domain, r.Status, r.Reason)
			}
		}
	})

	// Alone, the denier is no resolver at all: Probe fails naming it.
	t.Run("a denier alone is an error", func(t *testing.T) {
		denier := dnstest.New(t)
		denier.Override(dnstest.Rule{Kind: dnstest.NXDomain})
		c, _ := trustClient(t, denier.Addr())
		err := c.Probe(ctx, []string{"com"})
		if !errors.Is(err, resolve.ErrNoResolver) || !strings.Contains(err.Error(), denier.Addr()) {
			t.Errorf("Probe = %v, want ErrNoResolver naming %s", err, denier.Addr())
		}
	})

	// A resolver that never answers makes a blind run, not a quiet one.
	t.Run("a silent resolver makes a blind run", func(t *testing.T) {
		silent := dnstest.New(t)
		silent.Override(dnstest.Rule{Kind: dnstest.Drop})
		c, err := resolve.New(resolve.Options{Resolvers: []string{silent.Addr()}, Timeout: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var tally resolve.Tally
		for _, n := range []string{"acmebnk.com", "acmbank.com", "acmebank.ws"} {
			tally.Add(c.Lookup(ctx, n))
		}
		if err := c.Blind(tally); !errors.Is(err, resolve.ErrBlind) || !strings.Contains(err.Error(), silent.Addr()) {
			t.Errorf("Blind = %v, want ErrBlind naming %s", err, silent.Addr())
		}
	})
}
