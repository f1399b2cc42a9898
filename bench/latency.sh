#!/usr/bin/env bash
# bench/latency.sh — whole-process latency of `replylint check --format json`
# on one short reply, as a chat tool's hook would run it, against the same
# binary's `replylint version` (the process floor: start-up of a Go binary
# of this size, nothing checked): the median of RUNS runs of each, side by
# side in one hyperfine run, for a clean reply and a reply with hits, as
# milliseconds and as a ratio to the floor; peak memory; binary sizes with
# and without -tags ne (gse's own embedded dictionaries).
#
# Issue 14's targets: with hits at most 3x the floor, clean at most 2x,
# peak RSS at most 30 MB. Environment: RUNS (default 50), WORK (scratch
# folder), BEFORE (another replylint binary to time in the same run, for
# before/after tables).
set -euo pipefail

RUNS=${RUNS:-50}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$ROOT"
go build -tags ne -o "$WORK/replylint" ./cmd/replylint
go build -o "$WORK/replylint-embed" ./cmd/replylint
if [ -n "${BEFORE:-}" ]; then cp "$BEFORE" "$WORK/before"; fi
cd "$WORK"
printf '您好，请您稍等，我帮您查询一下订单的物流信息。\n' > clean.txt
printf '呵呵，大哥，您这个可能一到两天就到了，我保证。\n' > hit.txt

bins=(replylint)
if [ -n "${BEFORE:-}" ]; then bins=(before replylint); fi
cmds=()
for b in "${bins[@]}"; do
	cmds+=(-n "$b version" "./$b version")
	cmds+=(-n "$b clean" "./$b check --format json --fail-on never clean.txt")
	cmds+=(-n "$b hit" "./$b check --format json --fail-on never hit.txt")
done
load=$(uptime | sed 's/.*load average: //')
hyperfine -N -w 5 -r "$RUNS" -i --export-json t.json "${cmds[@]}" > /dev/null 2>&1
median() { jq -r --arg n "$1" '.results[] | select(.command == $n) | .median * 1000' t.json; }
cpu() { jq -r --arg n "$1" '.results[] | select(.command == $n) | (.user + .system) * 1000' t.json; }
peak_mb() { # command…: the largest peak RSS of 10 runs, in MB
	for _ in $(seq 10); do
		/usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1
	done | sort -g | tail -1 | awk '{print $1 / 1024}'
}

printf 'load average at the start: %s; medians of %d runs\n' "$load" "$RUNS"
for b in "${bins[@]}"; do
	floor=$(median "$b version")
	printf '%-9s version: %6.1f ms (CPU %5.1f ms), peak RSS %5.1f MB\n' "$b" "$floor" "$(cpu "$b version")" "$(peak_mb ./$b version)"
	for reply in clean hit; do
		ms=$(median "$b $reply")
		printf '%-9s %-5s reply: %6.1f ms (CPU %5.1f ms) = %4.2fx the floor (CPU %4.2fx), peak RSS %5.1f MB\n' \
			"$b" "$reply" "$ms" "$(cpu "$b $reply")" "$(awk -v a="$ms" -v f="$floor" 'BEGIN {print a / f}')" \
			"$(awk -v a="$(cpu "$b $reply")" -v f="$(cpu "$b version")" 'BEGIN {print a / f}')" \
			"$(peak_mb ./$b check --format json --fail-on never $reply.txt)"
	done
done
printf 'targets: hit at most 3x the floor, clean at most 2x, peak RSS at most 30 MB\n'
printf 'binary: %.1f MB with -tags ne, %.1f MB without\n' \
	"$(stat -c %s replylint | awk '{print $1 / 1e6}')" "$(stat -c %s replylint-embed | awk '{print $1 / 1e6}')"
