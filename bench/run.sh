#!/usr/bin/env bash
# bench/run.sh SIZE_MB — replylint against `grep -F -o -f terms.txt` on the
# same generated transcript export, side by side in one run.
#
# Builds replylint (-tags ne) and a full-path build (-tags "ne replylint_full":
# whole messages segmented up front, no prefilter), generates a deterministic
# corpus of SIZE_MB MB (bench/gen), checks that both builds give the same
# findings, times replylint and grep (hyperfine if installed, else repeated
# runs under /usr/bin/time), and prints MB/s, the ratio and peak memory —
# also for a quarter of the file, to show that memory stays flat as it grows.
#
# Environment: RUNS (default 5), WORK (scratch folder, default a temp dir),
# EQUIV=0 to skip the full-path comparison, JOBS to pass --jobs.
set -euo pipefail

SIZE_MB=${1:-100}
RUNS=${RUNS:-5}
EQUIV=${EQUIV:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$ROOT"

echo "== building"
go build -tags ne -o "$WORK/replylint" ./cmd/replylint
go build -tags "ne replylint_full" -o "$WORK/replylint-full" ./cmd/replylint
echo "== generating ${SIZE_MB} MB"
go run ./bench/gen -mb "$SIZE_MB" -out "$WORK/corpus.jsonl" -terms "$WORK/terms.txt"
lines=$(wc -l < "$WORK/corpus.jsonl")
head -n $((lines / 4)) "$WORK/corpus.jsonl" > "$WORK/quarter.jsonl"
bytes=$(stat -c %s "$WORK/corpus.jsonl")

cd "$WORK"
jobs=()
if [ -n "${JOBS:-}" ]; then jobs=(--jobs "$JOBS"); fi
RL="./replylint check --format jsonl --fail-on never ${jobs[*]:-} corpus.jsonl"
GREP="grep -F -o -f terms.txt corpus.jsonl"

if [ "$EQUIV" != 0 ]; then
	echo "== same findings as the full path?"
	./replylint check --format jsonl --fail-on never corpus.jsonl > fast.out
	./replylint-full check --format jsonl --fail-on never corpus.jsonl > full.out
	if cmp -s fast.out full.out; then
		echo "same: $(wc -l < fast.out) findings"
	else
		echo "DIFFERENT findings: diff $WORK/fast.out $WORK/full.out" >&2
		exit 1
	fi
fi

json_median() { # file index: the median time of hyperfine's result index
	if command -v jq > /dev/null; then
		jq ".results[$2].median" "$1"
	else
		python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"
	fi
}

echo "== timing (${RUNS} runs each; output through a pipe, as grep skips work when writing to /dev/null)"
if command -v hyperfine > /dev/null; then
	hyperfine -w 1 -r "$RUNS" --output=pipe --export-json times.json -n replylint "$RL" -n grep "$GREP"
	rl_s=$(json_median times.json 0)
	grep_s=$(json_median times.json 1)
else
	median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
	t() { for _ in $(seq "$RUNS"); do /usr/bin/time -f %e sh -c "$1 | cat > /dev/null" 2>&1 >/dev/null | tail -1; done | median; }
	rl_s=$(t "$RL")
	grep_s=$(t "$GREP")
fi

rss() { /usr/bin/time -f %M sh -c "exec $1 > /dev/null" 2>&1 | tail -1; }
rl_kb=$(rss "./replylint check --format jsonl --fail-on never ${jobs[*]:-} corpus.jsonl")
rl_q_kb=$(rss "./replylint check --format jsonl --fail-on never ${jobs[*]:-} quarter.jsonl")
grep_kb=$(rss "$GREP")

awk -v b="$bytes" -v r="$rl_s" -v g="$grep_s" -v rk="$rl_kb" -v rq="$rl_q_kb" -v gk="$grep_kb" -v cpus="$(nproc)" 'BEGIN {
	mb = b / 1e6
	printf "\n== %.1f MB, %d CPUs\n", mb, cpus
	printf "replylint  %6.3f s  %7.1f MB/s  peak RSS %6.1f MB (%.1f MB on a quarter of the file)\n", r, mb / r, rk / 1024, rq / 1024
	printf "grep -F    %6.3f s  %7.1f MB/s  peak RSS %6.1f MB\n", g, mb / g, gk / 1024
	printf "ratio      %.2fx grep (target: at most 5x)\n", r / g
}'
