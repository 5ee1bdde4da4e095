#!/usr/bin/env bash
# Figures for the generator (issue 2), as recorded in docs/BENCHMARKS.md:
#   1. candidates/s on one core, per fuzzer and for the default set (go test -bench);
#   2. candidate counts per fuzzer beside dnstwist's (Debian package, if installed;
#      run in an empty network namespace so that it cannot send a packet);
#   3. peak RSS of `lookalike generate` for 1,000 brands from a file.
# No network is used. Usage: scripts/bench-generate.sh [benchtime]
set -euo pipefail
cd "$(dirname "$0")/.."
benchtime=${1:-1s}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/lookalike" ./cmd/lookalike

echo "== 1. candidates per second, one core (go test -run '^$' -bench Generate -cpu 1 -benchtime $benchtime ./permute)"
go test -run '^$' -bench 'Generate' -cpu 1 -benchtime "$benchtime" ./permute |
	awk '/^Benchmark/ { name=$1; sub("BenchmarkGenerate/","",name); for (i=2;i<=NF;i++) { if ($(i)=="names/s") r=$(i-1); if ($(i)=="names/op") n=$(i-1) } printf "%-40s %12s names/op %14.0f names/s\n", name, n, r }'

echo
echo "== 2. candidates per fuzzer: lookalike (default options, each fuzzer alone) vs dnstwist"
fuzzers="addition bitsquatting cyrillic homoglyph hyphenation insertion omission plural repetition replacement subdomain transposition vowel-swap various dictionary tld-swap homophone combo tld-in-label missing-dot"
have_dnstwist=no
if command -v dnstwist >/dev/null && unshare -n true 2>/dev/null; then have_dnstwist=yes; fi
printf "%-14s" fuzzer
for d in airfrance.fr paypal.com microsoft.com; do printf " %16s %9s" "$d" dnstwist; done
echo
for f in $fuzzers; do
	printf "%-14s" "$f"
	for d in airfrance.fr paypal.com microsoft.com; do
		n=$("$tmp/lookalike" generate "$d" --fuzzers "$f" --estimate | cut -f2)
		m=-
		if [ "$have_dnstwist" = yes ]; then
			# dnstwist's list starts with the original domain; it has no fuzzer of ours.
			m=$(timeout 60 unshare -n dnstwist --format list --fuzzers "$f" "$d" 2>/dev/null | grep -vxc "$d" || true)
		fi
		printf " %16s %9s" "$n" "$m"
	done
	echo
done
printf "%-14s" default
for d in airfrance.fr paypal.com microsoft.com; do
	n=$("$tmp/lookalike" generate "$d" --estimate | cut -f2)
	m=-
	[ "$have_dnstwist" = yes ] && m=$(timeout 60 unshare -n dnstwist --format list "$d" 2>/dev/null | grep -vxc "$d" || true)
	printf " %16s %9s" "$n" "$m"
done
echo

echo
echo "== 3. peak RSS, 1,000 brands from a file (lookalike generate --brands FILE --format list > /dev/null)"
awk 'BEGIN { split("com fr de co.uk net org es it nl com.au", t, " "); for (i = 0; i < 1000; i++) printf "brand%04dshop.%s\n", i, t[i % 10 + 1] }' >"$tmp/brands.txt"
/usr/bin/time -v "$tmp/lookalike" generate --brands "$tmp/brands.txt" --format list 2>"$tmp/time.txt" | wc -l | awk '{ printf "names: %d\n", $1 }'
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$tmp/time.txt"
