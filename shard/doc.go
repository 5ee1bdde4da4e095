// Package shard splits a stream of names among the N processes of one run,
// so that every registrable domain belongs to exactly one shard whatever the
// machine, the Go release or the order the names come in.
//
// It owns the hash (FNV-1a, 64 bits, of the lower-case registrable domain
// without a trailing dot, modulo N: written down, so that another tool can
// compute it too), the --shard I/N argument and the Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX. It never generates, resolves or stores names: the scan
// engine asks Of (or Spec.Owns) for each name and skips the others' names.
package shard
