// Package world builds and runs a small, complete DNS on loopback for
// end-to-end tests and benchmarks: a root zone, TLD zones, the zones of
// registered lookalikes (with A and MX, NS only, MX only, A only, parked,
// owned by the brand, lame, silent), extra records in those zones (a brand's
// SPF and DMARC TXT, MX, CNAMEs), a wildcard TLD, and names left unregistered
// for contrast.
//
// It owns rendering a Spec into zone files and daemon configs, starting
// Debian's nsd (authoritative for every zone) and unbound (recursing from that
// root, as a user's resolver would) on their own 127.53.X.0/24, a silent
// server and a lossy front, changing the zones of a running world, and the
// Manifest that says which names are registered. It never sends a packet
// beyond 127.0.0.0/8, never touches the system's resolver or its NSD and
// unbound configuration, and never decides what a scanner should report:
// the tests do that against the Manifest.
package world
