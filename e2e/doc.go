// Package e2e holds the end-to-end tests of lookalike: the CLI built once and
// run as a subprocess against a DNS world on loopback (package e2e/world: NSD
// serving a root, TLDs and the lookalikes' zones, and unbound recursing from
// that root).
//
// The tests carry the build tag "e2e" so that `go test ./...` never needs NSD:
// run them with `LOOKALIKE_E2E=1 go test -tags e2e ./e2e/...` (.ci/run does).
// They never send a packet beyond 127.0.0.0/8.
package e2e
