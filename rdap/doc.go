// Package rdap asks registries about domain registrations over RDAP (RFC 9082,
// RFC 9083) and turns each answer into an Outcome that DNS verdicts can lean on:
// a 404 backs "unregistered", a hold status means "registered but not
// delegated", and anything it could not read makes a verdict unknown, never
// unregistered.
//
// It owns the embedded snapshot of IANA's bootstrap file for DNS (RFC 9224,
// data/dns.json, see data/SOURCE), the choice of server for a name (longest
// matching entry, https first), per-host throttling, Retry-After, limits on
// response size and time, parsing of domain objects (registrar, creation and
// expiry dates, status) and Confirm, the rule that combines a DNS status with an
// RDAP answer, and, for takedowns, the abuse contacts of a domain's registrar
// and of an address's network (IANA IP bootstrap, data/ipv4.json and
// ipv6.json, and the RIRs' redirects).
//
// It never sends a query in clear text to anything but a loopback address,
// never fetches the bootstrap file itself (a fresh one comes through
// LoadBootstrap), never prints, and never decides what a registration means to
// the brand (that is package report).
package rdap
