#!/bin/bash
# names/s for 1, 2 and 3 shard processes of one run against the default e2e world
# (root: it brings the world up on loopback). Usage: sudo scripts/bench-shards.sh
set -u
work=$(mktemp -d /tmp/shards.XXXXXX)
cd "$(dirname "$0")/.."
go build -o $work/lookalike ./cmd/lookalike && go build -o $work/world ./e2e/cmd/world || exit 1
$work/world up --dir $work/w --spec default >/dev/null || exit 1
. $work/w/env
brands="acmebank.com globex.fr initech.co.uk"
for n in 1 2 3; do
  state=$work/state-$n.db
  start=$(date +%s.%N)
  for ((i = 0; i < n; i++)); do
    if ((n == 1)); then sh=""; else sh="--shard $i/$n --run night-$n"; fi
    $work/lookalike scan $brands --resolvers "$LOOKALIKE_E2E_NSD" --state $state $sh --format jsonl -o $work/out-$n-$i.jsonl --no-progress 2> $work/err-$n-$i.txt &
  done
  wait
  end=$(date +%s.%N)
  names=$(cat $work/out-$n-*.jsonl | wc -l)
  uniq=$(cat $work/out-$n-*.jsonl | grep -o '"domain":"[^"]*"' | sort -u | wc -l)
  printf "%d process(es): %d names (%d distinct) in %.2f s = %.0f names/s; completed by: %s\n" $n $names $uniq $(echo "$end - $start" | bc) $(echo "$names / ($end - $start)" | bc -l) "$(grep -l 'change(s) since' $work/err-$n-*.txt | xargs -n1 basename | tr '\n' ' ')"
done
$work/world down --dir $work/w >/dev/null
rm -rf $work
