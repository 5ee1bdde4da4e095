package world

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// Options tune Start. The zero value is ready to use.
type Options struct {
	// Dir receives the zones, configs, logs, manifest and env file. Empty
	// means a new temporary directory that Stop removes.
	Dir string
	// Net asks for 127.53.Net.0/24; 0 takes the first free one.
	Net int
	// NSDServers is nsd's server-count (processes answering queries); 0 means 1.
	NSDServers int
	// Seed drives the lossy front's drops; 0 means 1.
	Seed uint64
}

// World is a running DNS world. Its methods are safe for concurrent use.
type World struct {
	Addrs
	layout
	owned   bool // false for a world attached from another process
	tempDir bool

	mu       sync.Mutex
	spec     Spec
	manifest *Manifest
	serial   uint32
	servers  int
	nsd      *daemon
	unbound  *daemon
	fronts   *fronts
	lock     *netLock
	stopped  bool
}

// ErrAttached is returned by Apply on a world another process owns.
var ErrAttached = errors.New("world is attached from another process: it cannot be changed here")

// Start brings up a world for spec with default options.
func Start(ctx context.Context, spec Spec) (*World, error) {
	return Options{}.Start(ctx, spec)
}

// Start writes the world's files, starts the silent server, the lossy front
// (when spec.Loss > 0), nsd and unbound, and returns once nsd serves every
// zone and unbound resolves from the world's root. On error nothing is left
// running. ctx bounds the start, not the world's life: call Stop.
func (o Options) Start(ctx context.Context, spec Spec) (_ *World, err error) {
	spec = spec.Clone()
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	addrs, lock, err := allocNet(o.Net)
	if err != nil {
		return nil, err
	}
	w := &World{Addrs: addrs, owned: true, spec: spec, lock: lock, serial: 1}
	defer func() {
		if err != nil {
			w.Stop()
		}
	}()
	dir := o.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", fmt.Sprintf("lookalike-world-%d-", addrs.Net)); err != nil {
			return nil, err
		}
		w.tempDir = true
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, err
	}
	if strings.ContainsAny(dir, "\"'\\\n\r\t") {
		return nil, fmt.Errorf("world dir %q: quotes, backslashes and control characters cannot go into nsd.conf; choose another", dir)
	}
	w.layout = layout{dir: dir}
	for _, d := range []string{dir, w.zonesDir(), w.nsdDir(), w.unboundDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	w.fronts = newFronts()
	if err := w.fronts.startSilent(addrs.Silent()); err != nil {
		return nil, fmt.Errorf("silent server: %w", err)
	}
	if spec.Loss > 0 {
		seed := o.Seed
		if seed == 0 {
			seed = 1
		}
		if err := w.fronts.startLossy(addrs.Lossy(), addrs.NSD(), spec.Loss, seed); err != nil {
			return nil, fmt.Errorf("lossy front: %w", err)
		}
	}
	w.servers = max(o.NSDServers, 1)
	if err := w.load(ctx, spec); err != nil {
		return nil, err
	}
	if err := writeEnv(w.env(), w.envVars()); err != nil {
		return nil, err
	}
	return w, nil
}

// load renders spec, (re)starts nsd and unbound on it and writes the
// manifest. Callers hold w.mu or own w exclusively.
func (w *World) load(ctx context.Context, spec Spec) error {
	r, err := render(&spec, w.Addrs, w.serial)
	if err != nil {
		return err
	}
	if err := w.writeZones(r.zones); err != nil {
		return err
	}
	if err := os.WriteFile(w.nsdConf(), []byte(nsdConf(w.layout, w.Addrs, w.servers, r.zones)), 0o644); err != nil {
		return err
	}
	if err := w.writeUnbound(spec); err != nil {
		return err
	}
	if err := os.WriteFile(w.rootHints(), []byte(rootHints(w.Addrs)), 0o644); err != nil {
		return err
	}

	w.nsd.stop()
	w.nsd = nil
	if w.nsd, err = startDaemon("nsd", w.nsdLog(), "nsd", "-d", "-c", w.nsdConf()); err != nil {
		return err
	}
	if err := waitReady(ctx, w.nsd, w.NSD(), ".", dns.TypeSOA, false); err != nil {
		return err
	}
	if err := verifyZones(ctx, w.NSD(), r.zones); err != nil {
		return w.nsd.failure(err.Error())
	}

	// A restart is the one sure way to empty every unbound cache (messages,
	// RRsets, infrastructure) after the zones change.
	w.unbound.stop()
	w.unbound = nil
	if w.unbound, err = startDaemon("unbound", w.unboundLog(), "unbound", "-d", "-c", w.unboundConf()); err != nil {
		return err
	}
	if err := waitReady(ctx, w.unbound, w.Unbound(), rootServer+".", dns.TypeA, true); err != nil {
		return err
	}

	w.spec = spec
	m := r.manifest
	w.manifest = &m
	if err := writeJSON(w.layout.manifest(), w.manifest); err != nil {
		return err
	}
	return writeJSON(w.layout.spec(), w.spec)
}

func (w *World) writeZones(zones []zoneFile) error {
	old, err := filepath.Glob(filepath.Join(w.zonesDir(), "*.zone"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	for _, z := range zones {
		if err := os.WriteFile(filepath.Join(w.zonesDir(), z.File), []byte(z.Text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// waitReady asks addr for name/qtype until it answers NOERROR with data, the
// daemon dies, or ctx ends (with a 30 s cap, so a hung daemon cannot hang a
// test binary).
func waitReady(ctx context.Context, d *daemon, addr, name string, qtype uint16, recursive bool) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c := &dns.Client{Timeout: 500 * time.Millisecond}
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.RecursionDesired = recursive
	var last error
	for {
		r, _, err := c.ExchangeContext(ctx, m, addr)
		switch {
		case err != nil:
			last = err
		case r.Rcode != dns.RcodeSuccess || len(r.Answer) == 0:
			last = fmt.Errorf("answered %s with %d records", dns.RcodeToString[r.Rcode], len(r.Answer))
		default:
			return nil
		}
		if d.exited() {
			return d.failure(fmt.Sprintf("did not start on %s", addr))
		}
		select {
		case <-ctx.Done():
			return d.failure(fmt.Sprintf("not ready on %s: %v (last: %v)", addr, ctx.Err(), last))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// verifyZones checks that nsd serves each zone authoritatively. nsd starts
// even when a zone file is broken, and only says so in its log.
func verifyZones(ctx context.Context, addr string, zones []zoneFile) error {
	c := &dns.Client{Timeout: 2 * time.Second}
	for _, z := range zones {
		m := new(dns.Msg)
		m.SetQuestion(dns.Fqdn(z.Origin), dns.TypeSOA)
		m.RecursionDesired = false
		r, _, err := c.ExchangeContext(ctx, m, addr)
		if err != nil {
			return fmt.Errorf("zone %s: %w", z.Origin, err)
		}
		if r.Rcode != dns.RcodeSuccess || !r.Authoritative || len(r.Answer) != 1 || r.Answer[0].Header().Name != dns.Fqdn(z.Origin) {
			return fmt.Errorf("zone %s is not served (rcode %s, aa %v, %d answers): see the zone file %s",
				z.Origin, dns.RcodeToString[r.Rcode], r.Authoritative, len(r.Answer), z.File)
		}
	}
	return nil
}

// Apply changes a running world to spec: zones are rewritten, nsd restarted
// on them and unbound restarted with empty caches. The addresses stay. The
// lossy front keeps its loss: a spec with another Loss is an error.
func (w *World) Apply(ctx context.Context, spec Spec) error {
	if !w.owned {
		return ErrAttached
	}
	spec = spec.Clone()
	if err := spec.Validate(); err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return errors.New("world is stopped: Start a new one")
	}
	if spec.Loss != w.spec.Loss {
		return fmt.Errorf("%w: loss %v differs from the running world's %v; Start a new world to change it", ErrSpec, spec.Loss, w.spec.Loss)
	}
	w.serial++
	return w.load(ctx, spec)
}

// Stop ends the daemons and fronts, releases the addresses, and removes the
// directory if Start made it. It is safe to call twice; on an attached
// world it does nothing (its owner stops it).
func (w *World) Stop() {
	if !w.owned {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	w.stopped = true
	w.unbound.stop()
	w.nsd.stop()
	if w.fronts != nil {
		w.fronts.close()
	}
	if w.dir != "" {
		if w.tempDir {
			os.RemoveAll(w.dir)
		} else {
			os.Remove(w.env())
		}
	}
	w.lock.release()
}

// Manifest says which names the world holds. Do not modify it.
func (w *World) Manifest() *Manifest {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.manifest
}

// Spec returns a copy of the spec the world currently serves.
func (w *World) Spec() Spec {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.spec.Clone()
}

// Dir is the directory holding the world's files and logs.
func (w *World) Dir() string { return w.dir }

// Logs returns the ends of nsd's and unbound's logs, for a failing test to
// print.
func (w *World) Logs() string {
	return fmt.Sprintf("nsd log %s:\n%s\nunbound log %s:\n%s", w.nsdLog(), tail(w.nsdLog(), 30), w.unboundLog(), tail(w.unboundLog(), 30))
}
