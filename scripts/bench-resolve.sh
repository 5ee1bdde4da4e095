#!/usr/bin/env bash
# bench-resolve.sh — the figures of docs/BENCHMARKS.md "Resolve at the ceiling"
# (issue 16), measured in one run against one NSD on loopback:
#
#   - unregistered: dnsperf's queries/s (NS queries) on N_UNREG names that do
#     not exist, beside lookalike's names/s scanning the same names;
#   - mixed: the candidates of BRANDS with FRACTION of them registered (a
#     registered name costs NS + A + AAAA + MX), beside dnsperf on the same names;
#   - dnstwist: its own candidate list for DNSTWIST_BRAND, resolved by dnstwist
#     and by lookalike (--candidates), wall time for each;
#   - peak RSS of lookalike on BIG names and on the unregistered set;
#   - CPU (user+sys, GNU time) per name for lookalike and per query for
#     dnsperf: on 2 cores with NSD on one, the client's CPU per name is what
#     bounds its rate, and it varies less with the neighbours' load;
#   - beside each whole-process figure, the scan's own names/s from its
#     summary line (the resolution, before defend names are confirmed by
#     their registries and the report is written);
#   - with BASELINE=<commit>, the lookalike of that commit on the same sets;
#   - a resolver that dies mid-scan: NSD stopped (SIGSTOP: no reply, no ICMP)
#     STOP_AFTER seconds into a scan of the unregistered names; how long the
#     scan takes to end and how many names end unknown (the baseline, which
#     backs off to 20 q/s instead, is cut at STOP_LIMIT seconds).
#
# dnsperf and lookalike alternate (dnsperf, lookalike, dnsperf, lookalike) so
# that a neighbour's load lands on both; compare figures of one run only.
# Every lookalike run is scored against the zones: "wrong" counts registered
# names called unregistered and must be 0.
#
# Not run by CI. Needs root (port 53 on 127.53.X.Y), Go, and Debian's nsd,
# unbound, dnsperf, GNU time, optionally dnstwist:
#   apt-get install -y nsd unbound dnsperf dnstwist time
# Nothing leaves loopback: every scan passes --resolvers 127.53.x.y.
#
# Knobs (environment):
#   BRANDS=acmebank.com,globex.fr,initech.co.uk   brands of the mixed set
#   FRACTION=0.2       share of the mixed set registered in the world
#   N_UNREG=200000     unregistered names
#   BIG=2000000        names in the RSS run (0 skips it)
#   DURATION=10        dnsperf seconds per run
#   DNSTWIST_BRAND=acmebank.com
#   BASELINE=          a commit to measure beside this tree (e.g. the one before issue 16)
#   SCAN_FLAGS=        more flags for every lookalike scan (e.g. --budget 1000)
#   STEP_TIMEOUT=900   seconds per step
#   STOP_AFTER=1       seconds into the scan NSD is stopped (0 skips the run)
#   STOP_LIMIT=60      seconds the baseline gets in that run
#   KEEP=DIR           keep the work files in DIR
set -euo pipefail

cd "$(dirname "$0")/.."
BRANDS=${BRANDS:-acmebank.com,globex.fr,initech.co.uk}
FRACTION=${FRACTION:-0.2}
N_UNREG=${N_UNREG:-200000}
BIG=${BIG:-2000000}
DURATION=${DURATION:-10}
DNSTWIST_BRAND=${DNSTWIST_BRAND:-acmebank.com}
BASELINE=${BASELINE:-}
STEP_TIMEOUT=${STEP_TIMEOUT:-900}
STOP_AFTER=${STOP_AFTER:-1}
STOP_LIMIT=${STOP_LIMIT:-60}
export PATH="$PATH:/usr/sbin:/sbin"

die() { echo "bench-resolve: $*" >&2; exit 1; }
say() { echo "bench-resolve: $*" >&2; }
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
	work=$(mktemp -d /tmp/lookalike-bench-resolve.XXXXXX)
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
if [[ -n $BASELINE ]]; then
	say "building lookalike at $BASELINE"
	mkdir -p "$work/base"
	git archive "$BASELINE" | tar -x -C "$work/base"
	(cd "$work/base" && go build -o "$work/lookalike-base" ./cmd/lookalike)
fi

say "generating candidates for $BRANDS"
# shellcheck disable=SC2086 # one argument per brand
bounded "$work/lookalike" generate ${BRANDS//,/ } --format list >"$work/mixed.txt"
nmixed=$(wc -l <"$work/mixed.txt")
bounded "$work/world-cmd" spec --brands "$BRANDS" --candidates "$work/mixed.txt" \
	--registered "$FRACTION" --lame 0 --silent 0 >"$work/spec.json"
bounded "$work/world-cmd" up --dir "$world_dir" --spec "$work/spec.json" >/dev/null
# shellcheck source=/dev/null
. "$world_dir/env"
nreg=$("$work/world-cmd" names --dir "$world_dir" --status registered | wc -l)
say "world up: nsd $LOOKALIKE_E2E_NSD; $nreg of $nmixed candidates registered"

# Names no zone holds, under the world's TLDs that are not wildcards.
awk -v n="$N_UNREG" 'BEGIN{split("com net org fr de co.uk io uk", t, " ");
	for (i = 0; i < n; i++) printf "zq%07d-nx.%s\n", i, t[i % 8 + 1]}' >"$work/unreg.txt"
"$work/world-cmd" names --dir "$world_dir" --status registered >"$work/big.txt"
if ((BIG > 0)); then
	awk -v n="$((BIG - nreg))" 'BEGIN{split("com net org fr de co.uk io uk", t, " ");
		for (i = 0; i < n; i++) printf "acmebank-%08d.%s\n", i, t[i % 8 + 1]}' >>"$work/big.txt"
fi

rows=()
row() { rows+=("$(printf '%-40s %9s %8s %9s %9s %7s %7s %8s %9s' "$@")"); }
# cpu_us USER SYS COUNT: microseconds of CPU per name or query.
cpu_us() { awk -v u="${1:-0}" -v s="${2:-0}" -v n="${3:-0}" 'BEGIN{if (n>0) printf "%.1f", 1e6*(u+s)/n; else print "?"}'; }
field() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1==k{print $2}'; }

# dnsperf_run LABEL FILE: NS queries for every name of FILE, looped for DURATION.
dnsperf_run() {
	local label=$1 file=$2 qps lost sent
	awk '{print $1, "NS"}' "$file" >"$work/dnsperf.txt"
	bounded /usr/bin/time -f '%U %S' -o "$work/dtime.txt" dnsperf -s "$LOOKALIKE_E2E_NSD_IP" -p 53 -d "$work/dnsperf.txt" -l "$DURATION" -c 8 -q 500 -t 2 \
		>"$work/dnsperf.out" 2>&1 || say "dnsperf exited $?"
	qps=$(awk '/Queries per second:/{printf "%d", $4}' "$work/dnsperf.out")
	lost=$(awk '/Queries lost:/{print $3}' "$work/dnsperf.out")
	sent=$(awk '/Queries sent:/{print $3}' "$work/dnsperf.out")
	row "dnsperf $label (q/s)" "-" "$DURATION" "${qps:-?}" "-" "-" "lost ${lost:-?}" "-" "$(read -r u s <"$work/dtime.txt"; cpu_us "$u" "$s" "$sent")"
	say "dnsperf $label: ${qps:-?} q/s"
	last_qps=${qps:-0}
}

# lookalike_run BIN LABEL FILE: one timed scan of FILE through nsd, scored.
lookalike_run() {
	local bin=$1 label=$2 file=$3 out=$work/out.jsonl t0 t1 secs rss score names
	t0=$(date +%s.%N)
	bounded /usr/bin/time -f '%M %U %S' -o "$work/time.txt" "$bin" scan --candidates "$file" \
		--resolvers "$LOOKALIKE_E2E_NSD" --format jsonl --no-progress -o "$out" ${SCAN_FLAGS:-} 2>"$work/stderr.txt" ||
		say "$label: lookalike exited $? ($(tail -1 "$work/stderr.txt"))"
	t1=$(date +%s.%N)
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
	rss=$(tail -n 1 "$work/time.txt" | awk '{printf "%d MB", $1/1024}')
	local cpu_user cpu_sys
	read -r _ cpu_user cpu_sys < <(tail -n 1 "$work/time.txt")
	score=$("$work/world-cmd" check --dir "$world_dir" --format lookalike "$out" 2>>"$work/wrong.txt") || score="(no results)"
	names=$(field names "$score")
	last_secs=$secs
	last_nps=$(awk -v n="${names:-0}" -v s="$secs" 'BEGIN{printf "%d", n/s}')
	# The scan's own figure: the resolution, before the defend names are
	# confirmed by their registries and the report is written.
	last_scan_nps=$({ grep -o 'names in [0-9.hmµs]* ([0-9]* names/s)' "$work/stderr.txt" || true; } | tail -1 | sed 's/.*(\([0-9]*\) names.*/\1/')
	row "$label" "${names:-?}" "$secs" "$last_nps" "${last_scan_nps:--}" "$(field wrongly_unregistered "$score")" "$(field unknown "$score")" "$rss" "$(cpu_us "$cpu_user" "$cpu_sys" "${names:-0}")"
	say "$label: $score in $secs s"
}

ratios=()
pct() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN{if (b>0) printf "%.0f", 100*a/b; else print "?"}'; }
pair() { # LABEL FILE: dnsperf then lookalike, the ratio of the two
	local label=$1 file=$2
	dnsperf_run "$label" "$file"
	local q=$last_qps
	lookalike_run "$work/lookalike" "lookalike $label" "$file"
	ratios+=("$label: lookalike $last_nps names/s = $(pct "$last_nps" "$q") % of dnsperf's $q q/s; its scan phase $last_scan_nps = $(pct "$last_scan_nps" "$q") %")
	if [[ -n $BASELINE ]]; then
		lookalike_run "$work/lookalike-base" "lookalike@${BASELINE:0:7} $label" "$file"
		ratios+=("$label: lookalike@${BASELINE:0:7} $last_nps names/s = $(pct "$last_nps" "$q") % of the same dnsperf; its scan phase $last_scan_nps = $(pct "$last_scan_nps" "$q") %")
	fi
}

say "unregistered: $N_UNREG names, twice"
pair "unregistered" "$work/unreg.txt"
pair "unregistered" "$work/unreg.txt"
say "mixed: $nmixed names, $nreg registered, twice"
pair "mixed" "$work/mixed.txt"
pair "mixed" "$work/mixed.txt"

if ((have_dnstwist)); then
	say "dnstwist's own list for $DNSTWIST_BRAND"
	# The list without a packet sent (no network namespace), then each tool resolves it.
	unshare -n dnstwist --format list "$DNSTWIST_BRAND" 2>/dev/null | grep -vx "$DNSTWIST_BRAND" >"$work/dnstwist-list.txt" ||
		dnstwist --format list "$DNSTWIST_BRAND" 2>/dev/null | grep -vx "$DNSTWIST_BRAND" >"$work/dnstwist-list.txt"
	t0=$(date +%s.%N)
	bounded /usr/bin/time -f '%U %S' -o "$work/dtime.txt" dnstwist --format json --nameservers "$LOOKALIKE_E2E_NSD_IP" --threads 64 "$DNSTWIST_BRAND" \
		>"$work/dnstwist.json" 2>/dev/null || say "dnstwist exited $?"
	t1=$(date +%s.%N)
	dsecs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
	dscore=$("$work/world-cmd" check --dir "$world_dir" --format dnstwist "$work/dnstwist.json" 2>>"$work/wrong.txt") || dscore=""
	dn=$(field names "$dscore")
	row "dnstwist $DNSTWIST_BRAND" "${dn:-?}" "$dsecs" "$(awk -v n="${dn:-0}" -v s="$dsecs" 'BEGIN{printf "%d", n/s}')" "-" \
		"$(field wrongly_unregistered "$dscore")" "-" "-" "$(read -r u s <"$work/dtime.txt"; cpu_us "$u" "$s" "${dn:-0}")"
	lookalike_run "$work/lookalike" "lookalike on dnstwist's list" "$work/dnstwist-list.txt"
	ratios+=("dnstwist's list of $DNSTWIST_BRAND: dnstwist $dsecs s, lookalike $last_secs s (x$(awk -v a="$dsecs" -v b="$last_secs" 'BEGIN{printf "%.0f", a/b}'))")
fi

if ((BIG > 0)); then
	say "peak RSS on $(wc -l <"$work/big.txt") names"
	lookalike_run "$work/lookalike" "lookalike big list" "$work/big.txt"
fi

# tree_pids PID: PID and its descendants.
tree_pids() {
	local c
	echo "$1"
	for c in $(pgrep -P "$1" || true); do tree_pids "$c"; done
}

# stop_run BIN LABEL LIMIT: a scan of the unregistered names with NSD stopped
# STOP_AFTER seconds in; seconds until the scan ends, names it got to, unknowns.
stop_run() {
	local bin=$1 label=$2 limit=$3 out=$work/stop.jsonl t0 t1 secs main pids rc=0 line got unk
	main=$(cat "$world_dir/nsd/nsd.pid")
	pids=$(tree_pids "$main" | tr '\n' ' ') # NSD serves from a grandchild
	# shellcheck disable=SC2086 # one argument per process
	(sleep "$STOP_AFTER" && kill -STOP $pids) &
	local stopper=$!
	t0=$(date +%s.%N)
	timeout --kill-after=5 "$limit" "$bin" scan --candidates "$work/unreg.txt" --resolvers "$LOOKALIKE_E2E_NSD" \
		--format jsonl --no-progress -o "$out" ${SCAN_FLAGS:-} 2>"$work/stop.err" || rc=$?
	t1=$(date +%s.%N)
	wait "$stopper" || true
	# shellcheck disable=SC2086
	kill -CONT $pids || true
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
	line=$(grep -E '^lookalike: (scanned|interrupted)' "$work/stop.err" | tail -1 || true)
	got=$(sed -n 's/.*\(scanned\|interrupted after\) \([0-9]*\) of.*/\2/p' <<<"$line")
	unk=$(sed -n 's/.* \([0-9]*\) unknown.*/\1/p' <<<"$line")
	((rc == 124 || rc == 137)) && secs=">$limit"
	row "$label" "${got:-?}" "$secs" "-" "-" "-" "${unk:-?}" "-" "-"
	ratios+=("$label: exit $rc after $secs s; $(grep -o 'every resolver.*stopped answering[^;]*' "$work/stop.err" | head -1 || true)")
	say "$label: exit $rc after $secs s: $line"
}

if ((STOP_AFTER > 0)); then
	say "NSD stopped ${STOP_AFTER}s into a scan of the $N_UNREG unregistered names"
	stop_run "$work/lookalike" "lookalike, NSD stopped mid-scan" "$STEP_TIMEOUT"
	if [[ -n $BASELINE ]]; then
		sleep 1
		stop_run "$work/lookalike-base" "lookalike@${BASELINE:0:7}, NSD stopped" "$STOP_LIMIT"
	fi
fi

echo
echo "resolve benchmark — $(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), nsd $(nsd -v 2>&1 | awk 'NR==1{print $3}')"
echo "world: $nmixed candidates of $BRANDS, $nreg registered; $N_UNREG unregistered names"
printf '%-40s %9s %8s %9s %9s %7s %7s %8s %9s\n' "run" "names" "seconds" "names/s" "scan n/s" "wrong" "unknown" "peak RSS" "CPU us/n"
printf '%s\n' "${rows[@]}"
printf '%s\n' "${ratios[@]}"
echo "wrong: registered in the world, reported unregistered (lookalike must be 0)."
echo "CPU us/n: user+sys microseconds a name (lookalike, dnstwist, whole process) or a query (dnsperf)."
if [[ -s $work/wrong.txt ]]; then
	echo "examples of wrong names:"
	sort -u "$work/wrong.txt" | sed -n 1,6p | cut -c1-200
fi
