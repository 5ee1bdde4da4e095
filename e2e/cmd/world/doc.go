// Command world brings lookalike's e2e DNS world up and down for scripts and
// humans: nsd (root, TLDs, lookalikes' zones) and unbound (recursing from that
// root) on 127.53.X.0/24, port 53, loopback only. It needs root and Debian's
// nsd and unbound.
//
//	world up    --dir D [--spec default|FILE.json] [--net X] [--nsd-servers N]
//	world down  --dir D
//	world names --dir D [--status registered|unregistered|all] [--wildcard=false]
//	world spec  --brands a.com,b.fr --candidates FILE [--registered 0.05] [--lame N] [--silent N] [--seed S] [--loss L]
//	world check --dir D --format lookalike|dnstwist FILE
//
// `up` starts a detached supervisor (`world serve`) that owns the daemons and
// writes D/env (shell-sourceable addresses) once the world answers; `down`
// stops it. `spec` builds a JSON spec from a candidate list for benchmarks;
// `check` scores a scanner's output (lookalike JSONL or dnstwist JSON)
// against the world's manifest.
//
// It owns flags, the supervisor process and the env file's life; the world
// itself (zones, daemons, manifest) is package e2e/world. It never sends a
// packet beyond 127.0.0.0/8.
package main
