// Package dnstest is a scripted DNS server for tests: UDP and TCP on one
// loopback port chosen by the kernel, answering each name and type the way a
// test tells it to (answer, NODATA, NXDOMAIN, SERVFAIL, REFUSED, FORMERR,
// silence, truncation over UDP or over TCP too, forged replies, referrals,
// wildcard suffixes, negative answers with any SOA or none), and playing the
// hostile resolvers a scan must survive: one that says NOERROR for names that
// do not exist (Lie), NXDOMAIN for everything or blocks with a firewall's SOA
// (Override), or invents an NS set for every name (InventNS); random packet
// loss too. It counts what it was asked.
//
// It owns nothing but the server. It never listens anywhere but 127.0.0.1 and
// never forwards a query: every reply comes from the script.
package dnstest
