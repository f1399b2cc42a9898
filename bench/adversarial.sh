#!/usr/bin/env bash
# bench/adversarial.sh — CPU time and peak memory of one `replylint check`
# of each adversarial 1 MiB draft (issue 13: at most 1 s of CPU and 100 MB
# of peak RSS each), through the real binary, start to exit.
#
# The bodies are the ones BenchmarkAdversarial checks (lint/
# adversarial_test.go): TestWriteAdversarialShapes writes them when
# REPLYLINT_ADVERSARIAL_DIR is set, so the list of shapes lives in one
# place. Each is checked RUNS times (default 3) under /usr/bin/time; the
# table gives the median CPU (user + sys), the largest peak RSS, the
# median wall time and the findings. Environment: RUNS, WORK (scratch
# folder, default a new temporary one), BEFORE (another replylint binary,
# measured on the same bodies in the same run: two more columns).
set -euo pipefail

RUNS=${RUNS:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK/shapes"
cd "$ROOT"
# The release build (.goreleaser.yaml): gse's own dictionaries left out.
go build -tags ne -trimpath -o "$WORK/replylint" ./cmd/replylint
REPLYLINT_ADVERSARIAL_DIR="$WORK/shapes" go test ./lint -count=1 -run '^TestWriteAdversarialShapes$' > /dev/null

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# measure BINARY FILE: RUNS checks of FILE; sets cpu, wall, rss (MB).
measure() {
	: > "$WORK/times"
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %U %S %M' -o "$WORK/time" \
			"$1" check --format json --fail-on never "$2" > "$WORK/out.json"
		cat "$WORK/time" >> "$WORK/times"
	done
	cpu=$(awk '{printf "%.2f\n", $2 + $3}' "$WORK/times" | median)
	wall=$(awk '{print $1}' "$WORK/times" | median)
	rss=$(awk '{if ($4 > m) m = $4} END {printf "%.0f", m / 1024}' "$WORK/times")
}

echo "load at start: $(uptime | sed 's/.*load average: //')"
head="| shape | CPU s | peak MB | wall s | findings | within 1 s / 100 MB |"
rule="|---|---|---|---|---|---|"
if [ -n "${BEFORE:-}" ]; then
	head="$head before: CPU s | before: peak MB |"
	rule="$rule---|---|"
fi
echo "$head"
echo "$rule"
for f in "$WORK"/shapes/*.txt; do
	name=$(basename "$f" .txt)
	name=${name#*-}
	before=""
	if [ -n "${BEFORE:-}" ]; then
		measure "$BEFORE" "$f"
		before=" $cpu | $rss |"
	fi
	measure "$WORK/replylint" "$f"
	findings=$(grep -o '"findings":[0-9]*' "$WORK/out.json" | tail -1 | cut -d: -f2)
	verdict=yes
	if awk -v c="$cpu" -v r="$rss" 'BEGIN {exit !(c > 1 || r > 100)}'; then
		verdict=NO
	fi
	echo "| $name | $cpu | $rss | $wall | ${findings:-?} | $verdict |$before"
done
echo "load at end: $(uptime | sed 's/.*load average: //')"
