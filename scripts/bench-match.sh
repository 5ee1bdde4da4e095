#!/usr/bin/env bash
# The figures of docs/BENCHMARKS.md "## match (issue 12)": recall and
# precision of the one judgement beside openSquat's rule, the index's speed
# against 1,000 and 10,000 brands, a 10M-line synthetic zone and a batch of
# 100k CT entries from an in-process log. No network: the CT log is
# httptest on 127.0.0.1.
#
# The real lookalike set is read from ../shared/data (or LOOKALIKE_REAL_DEV);
# without it the recall rows are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== recall by class (real set), flag rate on benign names; openSquat beside"
go test -count=1 -run 'TestEvalRealDev|TestIndexAgreesWithJudge' -v ./similar | grep -E 'ours|index found|SKIP'

echo "== the index, one core (names/cpu-s: per second of the process's own CPU time, which load does not stretch)"
go test -count=1 -run '^$' -bench Index -benchtime 200000x -cpu 1 -benchmem ./similar | grep -E 'Benchmark'

go test -c -o /tmp/bench-match.test ./match
echo "== a ${LOOKALIKE_BENCH_LINES:=10000000}-line synthetic .com zone, 1,000 brands"
LOOKALIKE_BENCH_LINES=$LOOKALIKE_BENCH_LINES /usr/bin/time -v /tmp/bench-match.test \
	-test.run '^$' -test.bench Zone -test.benchtime 1x 2>&1 |
	grep -E 'Benchmark|User time|Elapsed|Maximum resident'

echo "== ${LOOKALIKE_BENCH_CERTS:=100000} CT entries (X.509 and precertificates), 1,000 brands"
LOOKALIKE_BENCH_CERTS=$LOOKALIKE_BENCH_CERTS /usr/bin/time -v /tmp/bench-match.test \
	-test.run '^$' -test.bench CT -test.benchtime 1x 2>&1 |
	grep -E 'Benchmark|User time|Elapsed|Maximum resident'
rm -f /tmp/bench-match.test
