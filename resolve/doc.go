// Package resolve turns names into DNS outcomes: one Status per candidate,
// decided on the registrable domain, never guessed.
//
// It owns the DNS clients, retries, rate limits, wildcard and lying-resolver
// probes, record collection and RDAP confirmation. It never prints and never
// decides what a finding means to the brand (that is package report).
package resolve
