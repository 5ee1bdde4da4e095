#!/usr/bin/env bash
# demo.sh — the main job on a fresh machine, with no resolver of your own and no
# traffic beyond loopback: brings up the test DNS world (NSD authoritative for a
# root, TLDs and lookalikes of acmebank.com; unbound recursing from it) on
# 127.53.X.0/24, scans the brand through unbound with a portfolio, prints the
# report, and takes the world down. Needs root (port 53 on loopback) and Debian
# (installs nsd and unbound when missing). Extra arguments go to `lookalike scan`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
if ! command -v nsd >/dev/null || ! command -v unbound >/dev/null; then
	echo "installing nsd and unbound (their services are not started)" >&2
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nsd unbound >/dev/null
	rm -f /usr/sbin/policy-rc.d
fi
work=$(mktemp -d /tmp/lookalike-demo.XXXXXX)
go build -o "$work/world" ./e2e/cmd/world
go build -o "$work/lookalike" ./cmd/lookalike
trap '"$work/world" down --dir "$work/w" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$work/world" up --dir "$work/w" --spec default >/dev/null
# shellcheck source=/dev/null
. "$work/w/env"
printf 'acmebank.net\n' >"$work/portfolio.txt"
echo "resolving through unbound at $LOOKALIKE_E2E_UNBOUND (the test world; nothing leaves loopback)" >&2
"$work/lookalike" scan acmebank.com --resolvers "$LOOKALIKE_E2E_UNBOUND" --portfolio "$work/portfolio.txt" \
	--format table --top 10 "$@"
