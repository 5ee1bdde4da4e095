#!/usr/bin/env bash
# Detection figures for issue 11, as recorded in docs/BENCHMARKS.md ("Detection"):
#   1. recall by class of the default generator on the shared set of real
#      attacker-registered lookalikes (read in place, never copied);
#   2. the default set's size for the brands of the generation tables;
#   3. the share of real registrations among the first 200 defend names of each
#      brand, ordered by risk (before) and by the likelihood prior (after).
# No network is used. Usage: scripts/eval-generate.sh [path/to/lookalikes.tsv]
# (default ../shared/data/lookalikes-real-dev.tsv). LOOKALIKE_EVAL_BRANDS=1 adds the
# count per brand of the set; LOOKALIKE_EVAL_MISSES=FILE writes the names not found.
set -euo pipefail
cd "$(dirname "$0")/.."
export LOOKALIKE_REAL_SET=$(realpath "${1:-../shared/data/lookalikes-real-dev.tsv}")
echo "== 1. recall by class (go test -run '^$' -bench Recall -benchtime 1x ./permute)"
go test -run '^$' -bench 'Recall$' -benchtime 1x ./permute | grep -v '^\(goos\|goarch\|pkg\|cpu\|Benchmark\|PASS\|ok\)'
echo
echo "== 2. default names per brand (go test -run '^$' -bench DefaultCounts -benchtime 1x ./permute)"
go test -run '^$' -bench DefaultCounts -benchtime 1x ./permute | grep ' names$'
echo
echo "== 3. real registrations among the first 200 (go test -run '^$' -bench Top200 -benchtime 1x ./judge)"
go test -run '^$' -bench Top200 -benchtime 1x ./judge | grep '^\(top 200\|issue case\)'
