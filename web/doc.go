// Package web shows what a lookalike's web site does: it fetches http:// and
// https:// of a name and of www. under it, records the redirect chain, the
// status, the title, the server, a password field, where the page names the
// brand, a parking or for-sale template, a fingerprint of the page and the
// TLS certificate, and Assess turns that into signals the verdict code uses:
// impersonating (a close copy of the brand's page, or a login form with the
// brand's name or logo on a third-party site), parked by content, and a
// redirect to the brand's own site (evidence, never proof). Screenshots of
// pages are taken by headless Chromium and compared by perceptual hash.
//
// Every connection goes through Dialer, which resolves names with the
// caller's Lookup and refuses loopback, private, link-local, multicast and
// unspecified addresses (unless told otherwise) at dial time, so neither a
// DNS answer nor a redirect can turn a scan against the network it runs in.
// Bodies, redirects, time and concurrency are bounded; text from the network
// is stripped of control characters before it is stored.
//
// It never decides a verdict or a risk (package judge does, from Assess's
// signals), never resolves names through a resolver the caller did not give
// (when Options.Lookup is set), never follows JavaScript or meta refreshes,
// never submits a form, and never prints.
package web
