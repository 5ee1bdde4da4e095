// Package resolve turns names into DNS outcomes: one Status per candidate,
// decided on the registrable domain, never guessed.
//
// It owns the DNS clients, retries, rate limits, wildcard and lying-resolver
// probes, record collection and RDAP confirmation. It never prints and never
// decides what a finding means to the brand (that is package report).
//
// One NS query on the registrable domain (air.france.fr → france.fr, by the
// ICANN section of the Public Suffix List) decides registration. It goes
// through a lean miekg/dns client with one long-lived UDP socket per worker
// and server, random IDs, every reply checked against the question, and TCP
// after a truncated reply. An NS answer or a referral is a delegation; any
// other NOERROR proves the name exists; NXDOMAIN is Unregistered. Timeouts
// and SERVFAIL are retried on the next resolver; when the retries are spent,
// the suffix's own servers are asked without recursion, so that a lame
// delegation (dead name servers, common for parked names) still shows as
// Registered/parent. Everything else is Unknown with a reason. Under a
// wildcard suffix only a delegation counts.
//
// Records (A, AAAA, MX, CNAME) of registered names go through dnsx, one
// shared client per record type.
package resolve
