#!/bin/bash
# Scan the default e2e world with two builds and compare the JSONL byte for byte.
# usage: scripts/compare-scan.sh OLD_REV [TREE]   (root: it brings up the e2e DNS world)
# Shows that a refactor left the output of a scan of the world unchanged.
set -u
old=$1 tree=${2:-$(pwd)}
work=$(mktemp -d /tmp/jd.XXXXXX)
git -C "$tree" worktree add -q "$work/old" "$old" >/dev/null 2>&1 || { echo "worktree failed"; exit 1; }
(cd "$work/old" && go build -o "$work/lookalike-old" ./cmd/lookalike) || exit 1
(cd "$tree" && go build -o "$work/lookalike-new" ./cmd/lookalike && go build -o "$work/world" ./e2e/cmd/world) || exit 1
"$work/world" up --dir "$work/w" --spec default >/dev/null || exit 1
. "$work/w/env"
rc=0
for via in "$LOOKALIKE_E2E_NSD" "$LOOKALIKE_E2E_UNBOUND"; do
  for b in old new; do
    "$work/lookalike-$b" scan acmebank.com globex.fr initech.co.uk --resolvers "$via" --format jsonl --no-progress > "$work/$b.jsonl" 2>/dev/null
    echo "$b via $via: exit $?, $(wc -l < "$work/$b.jsonl") lines, sha256 $(sha256sum < "$work/$b.jsonl" | cut -c1-16)"
  done
  cmp "$work/old.jsonl" "$work/new.jsonl" && echo "identical via $via" || { rc=1; diff "$work/old.jsonl" "$work/new.jsonl" | head -10; }
done
"$work/world" down --dir "$work/w" >/dev/null
git -C "$tree" worktree remove --force "$work/old"
rm -rf "$work"
exit $rc
