#!/usr/bin/env bash
# bench-scan.sh — the scan figures of docs/BENCHMARKS.md, measured on a DNS
# world on loopback (nsd authoritative for a root, TLDs and the lookalikes'
# zones; unbound recursing from it; a front dropping 30 % of queries):
#
#   - lookalike scan names/s through nsd, through unbound, through the lossy front;
#   - dnsperf's ceiling on the same nsd with the same names (NS queries);
#   - dnstwist (Debian) on the same world and brands, through the same three;
#   - for every run, the names the world has registered that the tool called
#     unregistered (lookalike must say zero: lame and silent delegations and
#     dropped packets are registered or unknown, never unregistered);
#   - peak RSS of `lookalike scan --candidates` on a 1,000,000-name file,
#     beside the peak of the ~50k-name scan (it must stay flat).
#
# Not run by CI. Needs root (port 53 on 127.53.X.Y), Go, and Debian's nsd,
# unbound, dnsperf, dnstwist and GNU time:
#   apt-get install -y nsd unbound dnsperf dnstwist time
# Every step is bounded by STEP_TIMEOUT seconds. Nothing leaves loopback.
#
# Knobs (environment):
#   BRANDS=acmebank.com,globex.fr,initech.co.uk   brands to generate for
#   FRACTION=0.05      share of candidates registered in the world
#   LAME=25 SILENT=25  registered names delegated to dead servers
#   DURATION=20        dnsperf seconds
#   BIG=1000000        names in the RSS run (0 skips it)
#   LOSSY_NAMES=5000   sample scanned through the lossy front
#   NSD_SERVERS=1      nsd processes
#   STEP_TIMEOUT=900   seconds per step
#   KEEP=DIR           keep the work files (results, world logs) in DIR
set -euo pipefail

cd "$(dirname "$0")/.."
BRANDS=${BRANDS:-acmebank.com,globex.fr,initech.co.uk}
FRACTION=${FRACTION:-0.05}
LAME=${LAME:-25}
SILENT=${SILENT:-25}
DURATION=${DURATION:-20}
BIG=${BIG:-1000000}
LOSSY_NAMES=${LOSSY_NAMES:-5000}
NSD_SERVERS=${NSD_SERVERS:-1}
STEP_TIMEOUT=${STEP_TIMEOUT:-900}
export PATH="$PATH:/usr/sbin:/sbin"

die() { echo "bench-scan: $*" >&2; exit 1; }
say() { echo "bench-scan: $*" >&2; }
((EUID == 0)) || die "run as root: the world serves on port 53"
for c in go nsd unbound dnsperf /usr/bin/time; do
	command -v "$c" >/dev/null || die "$c is missing (apt-get install -y nsd unbound dnsperf dnstwist time)"
done
have_dnstwist=1
command -v dnstwist >/dev/null || { have_dnstwist=0; say "dnstwist missing: its rows are skipped"; }

if [[ -n ${KEEP:-} ]]; then
	work=$KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d /tmp/lookalike-bench.XXXXXX)
fi
world_dir=$work/world
cleanup() {
	[[ -x $work/world-cmd && -f $world_dir/env ]] && "$work/world-cmd" down --dir "$world_dir" >&2 || true
	[[ -z ${KEEP:-} ]] && rm -rf "$work"
	return 0
}
trap cleanup EXIT

bounded() { timeout --kill-after=10 "$STEP_TIMEOUT" "$@"; }

say "building lookalike and the world tool"
go build -o "$work/lookalike" ./cmd/lookalike
go build -o "$work/world-cmd" ./e2e/cmd/world

say "generating candidates for $BRANDS"
# shellcheck disable=SC2086 # one argument per brand
bounded "$work/lookalike" generate ${BRANDS//,/ } --format list >"$work/candidates.txt"
ncand=$(wc -l <"$work/candidates.txt")

say "building the world: $FRACTION of $ncand candidates registered, $LAME lame, $SILENT silent"
bounded "$work/world-cmd" spec --brands "$BRANDS" --candidates "$work/candidates.txt" \
	--registered "$FRACTION" --lame "$LAME" --silent "$SILENT" >"$work/spec.json"
bounded "$work/world-cmd" up --dir "$world_dir" --spec "$work/spec.json" --nsd-servers "$NSD_SERVERS" >/dev/null
# shellcheck source=/dev/null
. "$world_dir/env"
nreg=$("$work/world-cmd" names --dir "$world_dir" --status registered | wc -l)
say "world up: nsd $LOOKALIKE_E2E_NSD, unbound $LOOKALIKE_E2E_UNBOUND, lossy $LOOKALIKE_E2E_LOSSY; $nreg registered"

rows=()
row() { rows+=("$(printf '%-34s %9s %8s %9s %7s %7s %8s' "$@")"); }

# run_lookalike LABEL RESOLVER FILE [flags...]: one timed scan, scored.
run_lookalike() {
	local label=$1 resolver=$2 file=$3
	shift 3
	local out=$work/${label// /-}.jsonl names t0 t1 secs rss score
	t0=$(date +%s.%N)
	bounded /usr/bin/time -f '%M' -o "$work/time.txt" "$work/lookalike" scan --candidates "$file" \
		--resolvers "$resolver" --format jsonl --no-progress -o "$out" "$@" 2>"$work/stderr.txt" ||
		say "$label: lookalike exited $? ($(tail -1 "$work/stderr.txt"))"
	t1=$(date +%s.%N)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
	rss=$(tail -n 1 "$work/time.txt" | awk '{printf "%d MB", $1/1024}')
	score=$("$work/world-cmd" check --dir "$world_dir" --format lookalike "$out" 2>>"$work/wrong.txt") || score="(no results)"
	names=$(field names "$score")
	row "lookalike $label" "$names" "$secs" "$(awk -v n="$names" -v s="$secs" 'BEGIN{printf "%d", n/s}')" \
		"$(field wrongly_unregistered "$score")" "$(field unknown "$score")" "$rss"
	say "lookalike $label: $score"
}
field() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1==k{print $2}'; }

say "lookalike through nsd"
run_lookalike "via nsd" "$LOOKALIKE_E2E_NSD" "$work/candidates.txt"

say "dnsperf ceiling on nsd (${DURATION}s, NS queries for the same names)"
awk '{print $1, "NS"}' "$work/candidates.txt" >"$work/dnsperf.txt"
bounded dnsperf -s "$LOOKALIKE_E2E_NSD_IP" -p 53 -d "$work/dnsperf.txt" -l "$DURATION" -c 8 -q 500 -t 2 \
	>"$work/dnsperf.out" 2>&1 || say "dnsperf exited $?"
qps=$(awk '/Queries per second:/{printf "%d", $4}' "$work/dnsperf.out")
lost=$(awk '/Queries lost:/{print $3}' "$work/dnsperf.out")
row "dnsperf ceiling via nsd (q/s)" "-" "$DURATION" "${qps:-?}" "-" "lost ${lost:-?}" "-"

say "lookalike through unbound"
run_lookalike "via unbound" "$LOOKALIKE_E2E_UNBOUND" "$work/candidates.txt"
# Every dropped query costs a whole timeout, so the lossy run takes a
# sample: every k-th candidate, about LOSSY_NAMES of them.
step=$(((ncand + LOSSY_NAMES - 1) / LOSSY_NAMES))
awk -v k="$step" 'NR % k == 0' "$work/candidates.txt" >"$work/lossy-sample.txt"
say "lookalike through the lossy front (30% of queries dropped), $(wc -l <"$work/lossy-sample.txt") names"
run_lookalike "via lossy front" "$LOOKALIKE_E2E_LOSSY" "$work/lossy-sample.txt"

if ((have_dnstwist)); then
	for via in nsd unbound lossy; do
		case $via in
		nsd) ip=$LOOKALIKE_E2E_NSD_IP ;;
		unbound) ip=$LOOKALIKE_E2E_UNBOUND_IP ;;
		lossy) ip=${LOOKALIKE_E2E_LOSSY%:53} ;;
		esac
		say "dnstwist through $via"
		total=0 secs=0 wrong=0
		for b in ${BRANDS//,/ }; do
			out=$work/dnstwist-$via-$b.json
			t0=$(date +%s.%N)
			bounded dnstwist --format json --nameservers "$ip" --threads 64 "$b" >"$out" 2>/dev/null ||
				{ say "dnstwist $b via $via exited $? (step timeout $STEP_TIMEOUT s?)"; continue; }
			t1=$(date +%s.%N)
			score=$("$work/world-cmd" check --dir "$world_dir" --format dnstwist "$out" 2>>"$work/wrong.txt") || score=""
			n=$(field names "$score")
			w=$(field wrongly_unregistered "$score")
			total=$((total + ${n:-0}))
			wrong=$((wrong + ${w:-0}))
			secs=$(awk -v a="$t0" -v b="$t1" -v s="$secs" 'BEGIN{printf "%.1f", s+b-a}')
			say "dnstwist $b via $via: $score"
		done
		row "dnstwist via $via" "$total" "$secs" "$(awk -v n="$total" -v s="$secs" 'BEGIN{if (s>0) printf "%d", n/s; else print "-"}')" \
			"$wrong" "-" "-"
	done
fi

if ((BIG > 0)); then
	say "lookalike RSS on $BIG names (synthetic lookalikes across the world's TLDs, plus the registered ones)"
	"$work/world-cmd" names --dir "$world_dir" --status registered >"$work/big.txt"
	awk -v n="$((BIG - nreg))" 'BEGIN{split("com net org fr de co.uk io ws uk", t, " ");
		for (i = 0; i < n; i++) printf "acmebank-%07d.%s\n", i, t[i % 9 + 1]}' >>"$work/big.txt"
	run_lookalike "1M names via nsd" "$LOOKALIKE_E2E_NSD" "$work/big.txt"
fi

cores=$(nproc)
echo
echo "lookalike scan benchmark — $(date -u +%Y-%m-%d), $cores cores, nsd $(nsd -v 2>&1 | awk 'NR==1{print $3}'), unbound $(unbound -V | awk 'NR==1{print $2}')"
echo "world: $ncand candidates of $BRANDS, $nreg registered ($LAME lame, $SILENT silent), lossy front drops 30 %"
printf '%-34s %9s %8s %9s %7s %7s %8s\n' "run" "names" "seconds" "names/s" "wrong" "unknown" "peak RSS"
printf '%s\n' "${rows[@]}"
echo "wrong: registered in the world, reported unregistered (lookalike must be 0)."
if [[ -s $work/wrong.txt ]]; then
	echo "examples of wrong names:"
	sort -u "$work/wrong.txt" | sed -n 1,6p | cut -c1-200
fi
