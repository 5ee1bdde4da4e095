package shard

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// Of is the shard, 0 ≤ Of < n, that registrable belongs to. Shard by the
// registrable domain, not the full name: every name under one registrable
// domain is then decided by one process, with one set of probes. n < 2 puts
// every name in shard 0.
func Of(registrable string, n int) int {
	if n < 2 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(strings.TrimSuffix(registrable, "."))))
	return int(h.Sum64() % uint64(n))
}

// Spec is one shard of a run: Index of Count. The zero Spec is "not sharded"
// and owns every name.
type Spec struct {
	Index, Count int
}

// Owns reports whether registrable belongs to this shard.
func (s Spec) Owns(registrable string) bool {
	return s.Count < 2 || Of(registrable, s.Count) == s.Index
}

// String is the --shard form, "I/N".
func (s Spec) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// ErrUsage: a shard argument that cannot be a shard (exit status 2).
var ErrUsage = errors.New("bad shard")

// MaxCount bounds N: more processes than this is a typo, not a plan.
const MaxCount = 10000

// Parse reads --shard I/N: shard I (0 ≤ I < N) of N.
func Parse(arg string) (Spec, error) {
	i, n, ok := strings.Cut(strings.TrimSpace(arg), "/")
	if !ok {
		return Spec{}, fmt.Errorf("--shard %q: %w: want I/N, shard I (from 0) of N, like 0/3", arg, ErrUsage)
	}
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil {
		return Spec{}, fmt.Errorf("--shard %q: %w: I and N must be whole numbers, like 0/3", arg, ErrUsage)
	}
	return check(Spec{idx, cnt}, "--shard "+strconv.Quote(arg))
}

// IndexEnv is the variable a Kubernetes Indexed Job sets in each pod.
const IndexEnv = "JOB_COMPLETION_INDEX"

// FromEnv is the shard of --shards N in an Indexed Job: the index from
// JOB_COMPLETION_INDEX, looked up with getenv (os.Getenv).
func FromEnv(n int, getenv func(string) string) (Spec, error) {
	v := getenv(IndexEnv)
	if v == "" {
		return Spec{}, fmt.Errorf("--shards %d: %w: %s is not set; run as a Kubernetes Indexed Job, or give --shard I/N", n, ErrUsage, IndexEnv)
	}
	idx, err := strconv.Atoi(v)
	if err != nil {
		return Spec{}, fmt.Errorf("--shards %d: %w: %s=%q is no whole number", n, ErrUsage, IndexEnv, v)
	}
	return check(Spec{idx, n}, fmt.Sprintf("--shards %d with %s=%d", n, IndexEnv, idx))
}

func check(s Spec, what string) (Spec, error) {
	switch {
	case s.Count < 1 || s.Count > MaxCount:
		return Spec{}, fmt.Errorf("%s: %w: N must be 1 to %d", what, ErrUsage, MaxCount)
	case s.Index < 0 || s.Index >= s.Count:
		return Spec{}, fmt.Errorf("%s: %w: I must be 0 to %d (shards count from 0)", what, ErrUsage, s.Count-1)
	}
	return s, nil
}

// Select reads a command line's --shard I/N or --shards N (the index then
// from $JOB_COMPLETION_INDEX through getenv); neither gives the zero Spec,
// an unsharded run. Both at once are refused.
func Select(arg string, n int, getenv func(string) string) (Spec, error) {
	switch {
	case arg != "" && n != 0:
		return Spec{}, fmt.Errorf("--shard and --shards: %w: give one (--shards reads the index from $%s)", ErrUsage, IndexEnv)
	case arg != "":
		return Parse(arg)
	case n != 0:
		return FromEnv(n, getenv)
	}
	return Spec{}, nil
}
