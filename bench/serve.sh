#!/bin/sh
# bench/serve.sh [OPEN_SECONDS] [RATE] — replylint serve against a bare Go
# net/http JSON echo server, both on loopback, driven by the same
# generator (bench/serve/load): open loop at RATE req/s (default 4000) for
# OPEN_SECONDS (default 30), then closed loop c=1 and c=64 for 10 s each.
# Prints p50/p99/throughput per run, the ratios to the echo server, and the
# server's peak RSS. Everything stops when the script ends.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-30}; rate=${2:-4000}
tmp=$(mktemp -d); trap 'kill $srv $echo 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM
go build -tags ne -o "$tmp/replylint" ./cmd/replylint
go build -o "$tmp/echo" ./bench/serve/echo
go build -o "$tmp/load" ./bench/serve/load
"$tmp/replylint" serve --addr 127.0.0.1:17878 2>/dev/null & srv=$!
"$tmp/echo" -addr 127.0.0.1:17879 -for 10m 2>/dev/null & echo=$!
sleep 1
run() { "$tmp/load" -url "$1" "$2" "$3" -d "$4"; }
uptime
for mode in "-rate $rate ${secs}s" "-c 1 10s" "-c 64 10s"; do
	set -- $mode
	e=$(run http://127.0.0.1:17879/ "$1" "$2" "$3")
	r=$(run http://127.0.0.1:17878/v1/check "$1" "$2" "$3")
	echo "$1 $2 for $3"
	echo "  echo      $e"
	echo "  replylint $r"
	echo "$e $r" | awk '{split($2,a,"=");split($7,b,"=");split($3,c,"=");split($8,d,"=");printf "  ratio     p99 %.2fx  throughput %.0f%%\n", b[2]/a[2], 100*d[2]/c[2]}'
done
echo "replylint serve peak RSS: $(grep VmHWM /proc/$srv/status | awk '{print $2" "$3}')"
uptime
