#!/usr/bin/env bash
# bench/run.sh SIZE_MB — replylint against `grep -F -o -f terms.txt` on the
# same transcript export, side by side in one run, as wall-time and CPU-time
# ratios.
#
# The corpus is real-shaped when ../shared/realworld/ holds the real chats
# (evaluation only: they are repeated with fresh ids into the scratch folder,
# never into the repository), else generated (bench/gen). Builds replylint
# (-tags ne) and a full-path build (-tags "ne replylint_full": whole messages
# segmented up front with the whole dictionary, no prefilter), checks that
# both builds give the same findings and that --jobs 1 gives the same as the
# default, times replylint and grep (hyperfine if installed, else repeated
# runs under /usr/bin/time), and prints MB/s, both ratios and peak memory —
# also for a quarter of the file, to show that memory stays flat as it grows.
#
# Environment: RUNS (default 5), WORK (scratch folder, default a temp dir),
# EQUIV=0 to skip the comparisons, JOBS to pass --jobs, CORPUS=generated to
# use the generated corpus even where the real chats are present, BEFORE
# (another replylint binary, timed in the same run, for before/after tables).
# Targets (issue 14, 50 MB of real-shaped chats): at most 2.5x grep's wall
# time and 5x its CPU time.
set -euo pipefail

SIZE_MB=${1:-50}
RUNS=${RUNS:-5}
EQUIV=${EQUIV:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d)}
REAL=$ROOT/../shared/realworld
mkdir -p "$WORK"
cd "$ROOT"

echo "== building"
go build -tags ne -o "$WORK/replylint" ./cmd/replylint
go build -tags "ne replylint_full" -o "$WORK/replylint-full" ./cmd/replylint
if [ "${CORPUS:-}" != generated ] && ls "$REAL"/*.jsonl > /dev/null 2>&1; then
	echo "== ${SIZE_MB} MB of the real chats in $REAL, repeated with fresh ids"
	go run ./bench/gen -real "$REAL" -mb "$SIZE_MB" -out "$WORK/corpus.jsonl" -terms "$WORK/terms.txt"
else
	echo "== generating ${SIZE_MB} MB"
	go run ./bench/gen -mb "$SIZE_MB" -out "$WORK/corpus.jsonl" -terms "$WORK/terms.txt"
fi
lines=$(wc -l < "$WORK/corpus.jsonl")
head -n $((lines / 4)) "$WORK/corpus.jsonl" > "$WORK/quarter.jsonl"
bytes=$(stat -c %s "$WORK/corpus.jsonl")

cd "$WORK"
jobs=()
if [ -n "${JOBS:-}" ]; then jobs=(--jobs "$JOBS"); fi
RL="./replylint check --format jsonl --fail-on never ${jobs[*]:-} corpus.jsonl"
GREP="grep -F -o -f terms.txt corpus.jsonl"

if [ "$EQUIV" != 0 ]; then
	echo "== same findings as the full path, and with one worker?"
	./replylint check --format jsonl --fail-on never corpus.jsonl > fast.out
	./replylint-full check --format jsonl --fail-on never corpus.jsonl > full.out
	./replylint check --format jsonl --fail-on never --jobs 1 corpus.jsonl > one.out
	if cmp -s fast.out full.out && cmp -s fast.out one.out; then
		echo "same: $(wc -l < fast.out) findings"
	else
		echo "DIFFERENT findings: diff $WORK/fast.out $WORK/full.out; diff $WORK/fast.out $WORK/one.out" >&2
		exit 1
	fi
fi

json_field() { # file index field: hyperfine's result index, that field (median, user, system)
	if command -v jq > /dev/null; then
		jq ".results[$2].$3" "$1"
	else
		python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])][sys.argv[3]])' "$1" "$2" "$3"
	fi
}

echo "== timing (${RUNS} runs each; output to a file, as grep skips work when writing to /dev/null); load: $(uptime | sed 's/.*load average: //')"
before=()
if [ -n "${BEFORE:-}" ]; then
	cp "$BEFORE" before
	before=(-n before "./before check --format jsonl --fail-on never corpus.jsonl > before.out")
fi
if command -v hyperfine > /dev/null; then
	hyperfine -w 1 -r "$RUNS" --export-json times.json -n replylint "$RL > rl.out" -n grep "$GREP > grep.out" "${before[@]}"
	rl_s=$(json_field times.json 0 median)
	grep_s=$(json_field times.json 1 median)
	rl_cpu=$(awk -v u="$(json_field times.json 0 user)" -v s="$(json_field times.json 0 system)" 'BEGIN {print u + s}')
	grep_cpu=$(awk -v u="$(json_field times.json 1 user)" -v s="$(json_field times.json 1 system)" 'BEGIN {print u + s}')
else
	t() { # command: median wall and median CPU (user+sys) of RUNS runs
		for _ in $(seq "$RUNS"); do /usr/bin/time -f '%e %U %S' sh -c "$1 > out.tmp" 2>&1 | tail -1; done |
			awk '{w[NR]=$1; c[NR]=$2+$3} END {n=asort(w); asort(c); print w[int((n+1)/2)], c[int((n+1)/2)]}'
	}
	read -r rl_s rl_cpu < <(t "$RL")
	read -r grep_s grep_cpu < <(t "$GREP")
fi

rss() { /usr/bin/time -f %M sh -c "exec $1 > /dev/null" 2>&1 | tail -1; }
rl_kb=$(rss "./replylint check --format jsonl --fail-on never ${jobs[*]:-} corpus.jsonl")
rl_q_kb=$(rss "./replylint check --format jsonl --fail-on never ${jobs[*]:-} quarter.jsonl")
grep_kb=$(rss "$GREP")

awk -v b="$bytes" -v r="$rl_s" -v g="$grep_s" -v rc="$rl_cpu" -v gc="$grep_cpu" -v rk="$rl_kb" -v rq="$rl_q_kb" -v gk="$grep_kb" -v cpus="$(nproc)" -v load="$(uptime | sed 's/.*load average: //')" 'BEGIN {
	mb = b / 1e6
	printf "\n== %.1f MB, %d CPUs, load %s\n", mb, cpus, load
	printf "replylint  %6.3f s wall  %6.3f s CPU  %7.1f MB/s  peak RSS %6.1f MB (%.1f MB on a quarter of the file)\n", r, rc, mb / r, rk / 1024, rq / 1024
	printf "grep -F    %6.3f s wall  %6.3f s CPU  %7.1f MB/s  peak RSS %6.1f MB\n", g, gc, mb / g, gk / 1024
	printf "ratio      %.2fx grep wall (target: at most 2.5x), %.2fx grep CPU (target: at most 5x)\n", r / g, rc / gc
}'
if [ -n "${BEFORE:-}" ] && [ -f times.json ]; then
	b_s=$(json_field times.json 2 median)
	b_cpu=$(awk -v u="$(json_field times.json 2 user)" -v s="$(json_field times.json 2 system)" 'BEGIN {print u + s}')
	awk -v b="$b_s" -v bc="$b_cpu" -v g="$grep_s" -v gc="$grep_cpu" 'BEGIN {
		printf "before     %6.3f s wall  %6.3f s CPU  = %.2fx grep wall, %.2fx grep CPU\n", b, bc, b / g, bc / gc
	}'
fi
