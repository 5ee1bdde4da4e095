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

# With LOOKALIKE_BENCH_IR=1 (valgrind installed): instructions, L1 data
# misses and misses of a 512 KB last level per name, from cachegrind over
# two run lengths (the difference cancels the setup; GOGC=off keeps the
# runs alike). Unlike the rates above, load on the machine does not move
# these.
if [ "${LOOKALIKE_BENCH_IR:-}" = 1 ]; then
	echo "== the index under cachegrind, per name (1,000 brands)"
	go test -c -o /tmp/bench-match-similar.test ./similar
	ir() {
		(cd similar && GOGC=off valgrind --tool=cachegrind --cache-sim=yes --LL=524288,8,64 \
			--cachegrind-out-file=/dev/null /tmp/bench-match-similar.test -test.run '^$' \
			-test.bench 'Index/brands=1000$' -test.benchtime "${1}x" -test.cpu 1 2>&1) |
			grep -E 'I +refs|D1 +misses|LLd misses' | tr -d ',' | awk '{printf "%s ", $4} END { print "" }'
	}
	read -r a1 a2 a3 < <(ir 65537)
	read -r b1 b2 b3 < <(ir 196609)
	awk -v i=$((b1 - a1)) -v d=$((b2 - a2)) -v l=$((b3 - a3)) \
		'BEGIN { n = 131072; printf "instructions %.0f, D1 misses %.1f, 512 KB LL misses %.1f a name\n", i/n, d/n, l/n }'
	rm -f /tmp/bench-match-similar.test
fi

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
