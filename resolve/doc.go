// Package resolve turns names into DNS outcomes: one Status per candidate,
// decided on the registrable domain, never guessed.
//
// It owns the DNS clients, retries, rate limits, wildcard and lying-resolver
// probes, the confirmation of an NXDOMAIN by the suffix's own servers, and
// record collection. It never prints, never asks RDAP (package rdap) and never
// decides what a finding means to the brand (that is package judge).
//
// One NS query on the registrable domain (air.france.fr → france.fr, by the
// ICANN section of the Public Suffix List) decides registration. It goes
// through a lean client (transport.go): a few connected UDP sockets per
// server, queries written in batches with sendmmsg and replies read with
// recvmmsg, matched to their query by random ID and question, negative
// replies decoded without allocating, resends on an RTT schedule, and TCP
// after a truncated reply. An NS answer or a referral is a delegation; any
// other NOERROR proves the name exists; NXDOMAIN is Unregistered. Timeouts
// and SERVFAIL are retried on the next resolver; when the retries are spent,
// the suffix's own servers are asked without recursion, so that a lame
// delegation (dead name servers, common for parked names) still shows as
// Registered/parent. Everything else is Unknown with a reason. Under a
// wildcard suffix only a delegation counts, and the suffix's own servers
// decide: a referral is Registered/authority, their own answer without a
// delegation is Unregistered.
//
// No resolver's word alone makes a registered name look free (trust.go,
// canary.go). An NXDOMAIN counts only with the SOA of a zone that can hold
// the name (the suffix's, or one above it); one without, or with a firewall's
// SOA (rpz.local), is asked of the next resolver, then of the suffix's own
// servers, and stays Unknown/filtered if nobody settles it. Probe asks every
// resolver canaries (Options.Canaries must exist, random labels must not) and
// drops a liar by name. Options.CrossCheck asks a second resolver about each
// NXDOMAIN, the suffix's servers settling disagreements. ConfirmUnregistered
// asks the suffix's servers directly before a name is offered for
// registration, and Blind says when a run saw nothing.
//
// Resolve runs lanes (lanes.go): a goroutine keeps several names in flight,
// sends their first queries together and decides each on its first reply
// when that reply settles it; whatever it does not settle goes on in a slow
// worker exactly as decide would have. Results come out in input order,
// within Options.Window.
//
// Records (A, AAAA, MX, CNAME) of registered names are asked in one burst,
// through the lean client (or dnsx, Options.RecordsVia).
//
// The resolvers are a pool (pool.go): each one's health (answers, losses,
// SERVFAIL and REFUSED, RTT) decides how much of the work it gets first, and
// a resolver whose losses rise is slowed (AIMD, under Options.ResolverRate)
// rather than left to turn names into unknowns. PoolStats and PoolSummary
// say which resolver did what. When every resolver in use has gone several
// timeouts without one reply while its queries went unanswered, and none
// answers a root NS query either (silent.go), the Client stops asking: the
// names not yet decided end Unknown/resolvers-silent at once, a warning says
// so, and Blind reports the run; one resolver still answering keeps the scan
// going.
package resolve
