package world

import (
	"fmt"
	"path/filepath"
	"strings"
)

// layout is where a world keeps its files inside its directory.
type layout struct{ dir string }

func (l layout) zonesDir() string    { return filepath.Join(l.dir, "zones") }
func (l layout) nsdDir() string      { return filepath.Join(l.dir, "nsd") }
func (l layout) nsdConf() string     { return filepath.Join(l.dir, "nsd", "nsd.conf") }
func (l layout) nsdLog() string      { return filepath.Join(l.dir, "nsd", "nsd.log") }
func (l layout) unboundDir() string  { return filepath.Join(l.dir, "unbound") }
func (l layout) unboundConf() string { return filepath.Join(l.dir, "unbound", "unbound.conf") }
func (l layout) unboundLog() string  { return filepath.Join(l.dir, "unbound", "unbound.log") }
func (l layout) rootHints() string   { return filepath.Join(l.dir, "unbound", "root.hints") }
func (l layout) manifest() string    { return filepath.Join(l.dir, "manifest.json") }
func (l layout) spec() string        { return filepath.Join(l.dir, "spec.json") }
func (l layout) env() string         { return filepath.Join(l.dir, "env") }

// nsdConf is nsd's configuration: foreground-friendly, every path inside the
// world's directory, no database (zones load straight from text, which is
// fast for thousands of small zones), no remote control, and response rate
// limiting off: it is on by default and would drop a benchmark's queries.
func nsdConf(l layout, a Addrs, servers int, zones []zoneFile) string {
	var b strings.Builder
	reuse := "no"
	if servers > 1 {
		reuse = "yes"
	}
	fmt.Fprintf(&b, `# nsd for lookalike's e2e world 127.53.%[1]d.0/24
server:
	ip-address: %[2]s
	port: 53
	do-ip4: yes
	do-ip6: no
	server-count: %[3]d
	reuseport: %[4]s
	username: ""
	chroot: ""
	zonesdir: %[5]q
	database: ""
	zonelistfile: %[6]q
	xfrdfile: %[7]q
	xfrdir: %[8]q
	pidfile: %[9]q
	logfile: %[10]q
	verbosity: 1
	hide-version: yes
	identity: "lookalike-world"
	zonefiles-check: yes
	zonefiles-write: 0
	rrl-ratelimit: 0
	rrl-whitelist-ratelimit: 0
	minimal-responses: no
	refuse-any: no
	tcp-count: 200

remote-control:
	control-enable: no
`, a.Net, a.ip(hostNSD), servers, reuse, l.zonesDir(),
		filepath.Join(l.nsdDir(), "zone.list"), filepath.Join(l.nsdDir(), "xfrd.state"),
		l.nsdDir(), filepath.Join(l.nsdDir(), "nsd.pid"), l.nsdLog())
	for _, z := range zones {
		fmt.Fprintf(&b, "\nzone:\n\tname: %q\n\tzonefile: %q\n", z.Origin, z.File)
	}
	return b.String()
}

// unboundConf makes unbound a plain iterative resolver that starts from the
// world's root: no DNSSEC (module-config "iterator" and no trust anchor),
// loopback allowed as an upstream (do-not-query-localhost: no), no QNAME
// minimisation (one query per name reaches NSD, easier to reason about),
// small caches (a world restarts unbound when its zones change), no
// per-client limits that would throttle a scan coming from one address, and
// short patience with dead servers: a lame or silent delegation gives
// SERVFAIL in about a second (infra-cache-max-rtt) instead of a dropped
// query (discard-timeout: 0), as a scanner's timeout is a few seconds.
func unboundConf(l layout, a Addrs) string {
	return fmt.Sprintf(`# unbound for lookalike's e2e world 127.53.%[1]d.0/24
server:
	verbosity: 1
	directory: %[2]q
	chroot: ""
	username: ""
	pidfile: %[3]q
	use-syslog: no
	logfile: ""
	log-time-ascii: yes
	interface: %[4]s
	port: 53
	outgoing-interface: %[4]s
	do-ip4: yes
	do-ip6: no
	do-udp: yes
	do-tcp: yes
	access-control: 127.0.0.0/8 allow
	do-not-query-localhost: no
	module-config: "iterator"
	root-hints: %[5]q
	num-threads: 1
	num-queries-per-thread: 4096
	outgoing-range: 8192
	msg-cache-size: 4m
	rrset-cache-size: 8m
	cache-max-negative-ttl: 60
	qname-minimisation: no
	harden-referral-path: no
	prefetch: no
	minimal-responses: no
	hide-identity: yes
	hide-version: yes
	wait-limit: 0
	infra-host-ttl: 60
	infra-cache-max-rtt: 500
	discard-timeout: 0

remote-control:
	control-enable: no
`, a.Net, l.unboundDir(), filepath.Join(l.unboundDir(), "unbound.pid"), a.ip(hostUnbound), l.rootHints())
}

func rootHints(a Addrs) string {
	return fmt.Sprintf(".\t3600000\tNS\t%s\n%s\t3600000\tA\t%s\n", fqdn(rootServer), fqdn(rootServer), a.ip(hostNSD))
}
