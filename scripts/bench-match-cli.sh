#!/usr/bin/env bash
# The CLI figure of docs/BENCHMARKS.md "## match: the command": the built
# `lookalike match` over a synthetic 1M-line .com zone (CZDS form, 2-3 NS a
# delegation, planted lookalikes among English compounds, word-number and
# random labels) against 1 brand (the reference: parsing and cutting alone)
# and 1,000 brands (made up as in match's BenchmarkZone), 1 worker and one
# per CPU, under /usr/bin/time. No network. Then match's own BenchmarkZone
# at the same size, the library without the command, in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/lookalike" ./cmd/lookalike
python3 - "$dir" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(1)
words = [w.strip() for w in open('wordlists/data/english/words.txt') if w.strip() and not w.startswith('#')]
syl = ["ka", "ro", "mi", "zen", "tor", "vex", "lu", "na", "qui", "bar", "sol", "dri", "fa", "po", "lex", "ta", "ny", "gor", "bel", "ix"]
def word():
    while True:
        w = words[r.randrange(len(words))]
        if 5 <= len(w) <= 9 and w.isalpha():
            return w
brands = ["paypal.com", "discord.com", "netflix.com", "amazon.com", "telegram.org", "steamcommunity.com"]
seen, i = set(brands), 0
while len(brands) < 1000:
    m, i = i % 3, i + 1
    l = word() if m == 0 else word()[:4] + word()[:4] if m == 1 else "".join(r.choice(syl) for _ in range(2 + r.randrange(3)))
    b = l + "." + r.choice(["com", "net", "de", "fr", "co.uk", "io"])
    if b not in seen:
        seen.add(b)
        brands.append(b)
open(d + '/brands.txt', 'w').write("\n".join(brands) + "\n")
open(d + '/one.txt', 'w').write("paypal.com\n")
planted = ["paypal-login", "discord-nitro", "netflix-billing", "amaz0n", "telegarm", "steamcommunlty"]
with open(d + '/com.zone', 'w') as f:
    f.write("$ORIGIN com.\n$TTL 172800\n@ IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400\n")
    n = deleg = 0
    while n < 1000000:
        if deleg % 5000 == 0:
            l = planted[(deleg // 5000) % 6] + str(deleg)
        elif deleg % 3 == 0:
            l = words[r.randrange(len(words))] + words[r.randrange(len(words))]
        elif deleg % 3 == 1:
            l = words[r.randrange(len(words))] + "-" + str(deleg)
        else:
            l = "x" + format(r.getrandbits(40), 'x')
        deleg += 1
        k = 2 + deleg % 2
        for j in range(k):
            f.write("%s NS ns%d.hosting%d.net.\n" % (l.lower(), j + 1, deleg % 50))
        n += k
PY
uptime
for b in one brands; do
	for w in 1 0; do
		/usr/bin/time -f "$b.txt --workers $w: %e s elapsed, %U s user, %M KB max RSS" \
			"$dir/lookalike" match --brands "$dir/$b.txt" --zone "$dir/com.zone" --workers $w --format csv -o "$dir/out.csv" 2>&1 | tail -2
	done
done
LOOKALIKE_BENCH_LINES=1000000 go test -count=1 -run '^$' -bench Zone -benchtime 1x ./match | grep Benchmark
uptime
