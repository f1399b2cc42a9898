#!/usr/bin/env bash
# bench/latency.sh — whole-process latency of `replylint check` on one short
# reply, as a chat tool's hook would run it: the median of RUNS runs, for a
# clean reply (gse never loads) and a reply with hits (the lazy gse load
# happens when a candidate needs word boundaries), with peak memory; and the
# binary's size with and without -tags ne (gse's own embedded dictionaries).
#
# Issue 2's target: median < 50 ms and peak RSS < 60 MB for a short reply
# with hits. Environment: RUNS (default 50), WORK (scratch folder).
set -euo pipefail

RUNS=${RUNS:-50}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$ROOT"
go build -tags ne -o "$WORK/replylint" ./cmd/replylint
go build -o "$WORK/replylint-embed" ./cmd/replylint
cd "$WORK"
printf '您好，请您稍等，我帮您查询一下订单的物流信息。\n' > clean.txt
printf '呵呵，大哥，您这个可能一到两天就到了，我保证。\n' > hit.txt

median_ms() { # command…: median wall time of RUNS runs, in ms
	if command -v hyperfine > /dev/null; then
		hyperfine -N -w 3 -r "$RUNS" -i --export-json t.json "$*" > /dev/null 2>&1
		if command -v jq > /dev/null; then
			jq '.results[0].median * 1000' t.json
		else
			python3 -c 'import json; print(json.load(open("t.json"))["results"][0]["median"] * 1000)'
		fi
	else
		for _ in $(seq "$RUNS"); do
			/usr/bin/time -f %e "$@" 2>&1 > /dev/null | tail -1
		done | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] * 1000}'
	fi
}
peak_mb() { # command…: the largest peak RSS of 10 runs, in MB
	for _ in $(seq 10); do
		/usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -1
	done | sort -g | tail -1 | awk '{print $1 / 1024}'
}

for reply in clean hit; do
	ms=$(median_ms ./replylint check --fail-on never $reply.txt)
	mb=$(peak_mb ./replylint check --fail-on never $reply.txt)
	printf '%-6s reply: median %6.1f ms over %d runs, peak RSS %5.1f MB\n' "$reply" "$ms" "$RUNS" "$mb"
done
printf 'binary: %.1f MB with -tags ne, %.1f MB without\n' \
	"$(stat -c %s replylint | awk '{print $1 / 1e6}')" "$(stat -c %s replylint-embed | awk '{print $1 / 1e6}')"
