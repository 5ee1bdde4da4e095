// Package dnstest is a scripted DNS server for tests: UDP and TCP on one
// loopback port chosen by the kernel, answering each name and type the way a
// test tells it to (answer, NODATA, NXDOMAIN, SERVFAIL, REFUSED, FORMERR,
// silence, truncation, forged replies, referrals, wildcard suffixes, a lying
// resolver, random packet loss), and counting what it was asked.
//
// It owns nothing but the server. It never listens anywhere but 127.0.0.1 and
// never forwards a query: every reply comes from the script.
package dnstest
