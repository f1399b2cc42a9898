#!/usr/bin/env bash
# bench/report.sh SIZE_MB [BASELINE_REF] — `replylint report` on SIZE_MB of
# real-shaped chats, this tree against a baseline commit, side by side in one
# run: wall time, peak RSS and the size of the HTML page.
#
# The corpus is the chats of ../shared/realworld/ repeated with fresh ids
# (bench/gen -real) when they are there, bench/gen's generated corpus
# otherwise; it stays in the scratch folder, never in the repository.
# BASELINE_REF defaults to 6b2b28f (main before the report was bounded);
# "none" skips the baseline.
#
# Environment: WORK (scratch folder, default a temp dir).
set -euo pipefail

SIZE_MB=${1:-50}
BASE=${2:-6b2b28f}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$ROOT"

echo "== building"
go build -tags ne -o "$WORK/replylint" ./cmd/replylint
if [ "$BASE" != none ]; then
	git worktree add -q --detach "$WORK/base" "$BASE"
	trap 'git -C "$ROOT" worktree remove --force "$WORK/base"' EXIT
	(cd "$WORK/base" && go build -tags ne -o "$WORK/replylint-base" ./cmd/replylint)
fi

echo "== corpus: ${SIZE_MB} MB"
real=()
if [ -d "$ROOT/../shared/realworld" ]; then real=(-real "$ROOT/../shared/realworld"); fi
go run ./bench/gen -mb "$SIZE_MB" -out "$WORK/corpus.jsonl" -terms "$WORK/terms.txt" "${real[@]}"

measure() { # name binary
	local out="$WORK/$1.html"
	/usr/bin/time -f "%e %M" -o "$WORK/$1.time" "$2" report -o "$out" "$WORK/corpus.jsonl" > /dev/null
	read -r secs kb < "$WORK/$1.time"
	awk -v n="$1" -v s="$secs" -v k="$kb" -v b="$(stat -c %s "$out")" \
		'BEGIN { printf "%-10s %7.2f s  peak RSS %7.1f MB  page %7.1f MB\n", n, s, k / 1024, b / 1048576 }'
}

echo "== report on $(du -m "$WORK/corpus.jsonl" | cut -f1) MB ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
measure current "$WORK/replylint"
if [ "$BASE" != none ]; then measure baseline "$WORK/replylint-base"; fi
