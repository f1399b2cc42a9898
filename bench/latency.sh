#!/usr/bin/env bash
# bench/latency.sh — whole-process latency of `replylint check --format json`
# on one short reply, as a chat tool's hook would run it, against the same
# binary's `replylint version` (the process floor: start-up of a Go binary
# of this size, nothing checked), for a clean reply and a reply with hits.
#
# The commands take turns, one run of each per round (bench/interleave), so
# that other sessions' load falls on all of them alike; for each it prints
# the medians of RUNS rounds of wall time and of CPU time (user + sys, from
# the kernel's accounting of each run: the figure to trust on a loaded
# machine), both as milliseconds and as a ratio to the floor, the median
# minor page faults (memory first touched: most of what a start costs
# beyond the floor) and the peak RSS; then the binary sizes with and
# without -tags ne (gse's own embedded dictionaries).
#
# Issue 14's targets: with hits at most 3x the floor, clean at most 2x,
# peak RSS at most 30 MB. Environment: RUNS (default 50), WORK (scratch
# folder), BEFORE (another replylint binary to time in the same rounds, for
# before/after tables).
set -euo pipefail

RUNS=${RUNS:-50}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$ROOT"
go build -tags ne -o "$WORK/replylint" ./cmd/replylint
go build -o "$WORK/replylint-embed" ./cmd/replylint
go build -o "$WORK/interleave" ./bench/interleave
if [ -n "${BEFORE:-}" ]; then cp "$BEFORE" "$WORK/before"; fi
cd "$WORK"
printf '您好，请您稍等，我帮您查询一下订单的物流信息。\n' > clean.txt
printf '呵呵，大哥，您这个可能一到两天就到了，我保证。\n' > hit.txt

bins=(replylint)
if [ -n "${BEFORE:-}" ]; then bins=(before replylint); fi
cmds=()
for b in "${bins[@]}"; do
	cmds+=("$b/version=./$b version")
	cmds+=("$b/clean=./$b check --format json --fail-on never clean.txt")
	cmds+=("$b/hit=./$b check --format json --fail-on never hit.txt")
done
load=$(uptime | sed 's/.*load average: //')
./interleave -runs "$RUNS" -warmup 5 "${cmds[@]}" > t.tsv
field() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n {print $c}' t.tsv; } # name column: 2 wall, 3 CPU, 4 faults, 5 RSS

printf 'load average at the start: %s; medians of %d interleaved rounds\n' "$load" "$RUNS"
for b in "${bins[@]}"; do
	floor=$(field "$b/version" 2) floor_cpu=$(field "$b/version" 3)
	printf '%-9s version: %6.1f ms (CPU %5.1f ms), %5d page faults, peak RSS %5.1f MB\n' "$b" "$floor" "$floor_cpu" \
		"$(field "$b/version" 4)" "$(field "$b/version" 5)"
	for reply in clean hit; do
		ms=$(field "$b/$reply" 2) cpu=$(field "$b/$reply" 3)
		printf '%-9s %-5s reply: %6.1f ms (CPU %5.1f ms) = %4.2fx the floor (CPU %4.2fx), %5d page faults, peak RSS %5.1f MB\n' \
			"$b" "$reply" "$ms" "$cpu" "$(awk -v a="$ms" -v f="$floor" 'BEGIN {print a / f}')" \
			"$(awk -v a="$cpu" -v f="$floor_cpu" 'BEGIN {print a / f}')" "$(field "$b/$reply" 4)" "$(field "$b/$reply" 5)"
	done
done
printf 'load average at the end: %s\n' "$(uptime | sed 's/.*load average: //')"
printf 'targets: hit at most 3x the floor, clean at most 2x, peak RSS at most 30 MB\n'
printf 'binary: %.1f MB with -tags ne, %.1f MB without\n' \
	"$(stat -c %s replylint | awk '{print $1 / 1e6}')" "$(stat -c %s replylint-embed | awk '{print $1 / 1e6}')"
