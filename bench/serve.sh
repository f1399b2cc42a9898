#!/bin/sh
# bench/serve.sh [OPEN_SECONDS] [RATE] — replylint serve against a bare Go
# net/http JSON echo server, both on loopback, driven by the same
# generator (bench/serve/load) over the same pool of keep-alive
# connections: open loop at RATE req/s (default 4000) for OPEN_SECONDS
# (default 30; late requests counted from their due time), then closed
# loop c=1 and c=64 (the capacity) for CLOSED_SECONDS (default 5) each.
#
# Prints, for every run and server: p50/p99/p99.9/max, throughput, errors
# (by status), late requests, the server's and the generator's CPU time
# per answered request; the ratios of replylint to echo (p99, throughput,
# CPU a request, and the throughput that the server's and generator's CPU
# a request together allow, which is what a closed loop on a machine they
# share reaches, and less shaken by other load than the throughput); each
# server's peak RSS; the load average before and after. The servers take
# turns at going first. Environment:
# BEFORE (another replylint binary, driven in the same runs, for
# before/after tables), MANY (a last closed loop with that many
# connections, beyond --max-conns, for the RSS bound; 0 skips it),
# CLOSED_SECONDS, ROUNDS (how many times the c=64 capacity run is taken,
# default 6: echo alone moves by a fifth from one run to the next on a
# shared machine, so the capacity is also given over all the rounds, and
# six short rounds in turns follow the machine's drift more closely than
# three long ones in the same time).
set -eu
cd "$(dirname "$0")/.."
secs=${1:-30}; rate=${2:-4000}; closed=${CLOSED_SECONDS:-5}; many=${MANY:-2000}; rounds=${ROUNDS:-6}
tmp=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null || true; done; rm -rf "$tmp"' EXIT INT TERM
go build -tags ne -o "$tmp/replylint" ./cmd/replylint
go build -o "$tmp/echo" ./bench/serve/echo
go build -o "$tmp/load" ./bench/serve/load
"$tmp/echo" -addr 127.0.0.1:17879 -for 30m 2>/dev/null & pids="$pids $!"; echo_pid=$!
"$tmp/replylint" serve --addr 127.0.0.1:17878 2>/dev/null & pids="$pids $!"; new_pid=$!
servers="echo:$echo_pid:http://127.0.0.1:17879/ replylint:$new_pid:http://127.0.0.1:17878/v1/check"
if [ -n "${BEFORE:-}" ]; then
	"$BEFORE" serve --addr 127.0.0.1:17877 2>/dev/null & pids="$pids $!"
	servers="$servers before:$!:http://127.0.0.1:17877/v1/check"
fi
sleep 1
tck=$(getconf CLK_TCK)
# cpu PID: the process's user + system time so far, in clock ticks.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# field LINE KEY: the value of KEY=… in a line of the generator's.
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

echo "load before: $(uptime)"
phases="-rate:$rate:${secs}s -c:1:${closed}s"
for _ in $(seq "$rounds"); do phases="$phases -c:64:${closed}s"; done
[ "$many" -gt 0 ] && phases="$phases -c:$many:5s"
for phase in $phases; do
	flag=${phase%%:*}; rest=${phase#*:}; n=${rest%%:*}; d=${rest#*:}
	case $n in "$many") note=" (beyond replylint's --max-conns 1024: its 503s are the bound, RSS is the figure)" ;; *) note="" ;; esac
	echo "$flag $n for $d$note"
	for s in $servers; do
		name=${s%%:*}; rest=${s#*:}; pid=${rest%%:*}; url=${rest#*:}
		c0=$(cpu "$pid")
		line=$("$tmp/load" -url "$url" "$flag" "$n" -d "$d")
		c1=$(cpu "$pid")
		ok=$(field "$line" ok)
		cpu_ms=$(awk -v a="$c0" -v b="$c1" -v t="$tck" -v n="$ok" 'BEGIN{printf "%.3f", n ? (b-a)*1000/t/n : 0}')
		printf '  %-9s %s cpu_ms_per_req=%s\n' "$name" "$line" "$cpu_ms"
		eval "p99_$name=$(field "$line" p99_ms) rps_$name=$(field "$line" rps) cpu_$name=$cpu_ms gen_$name=$(field "$line" client_cpu_ms_per_req)"
		if [ "$flag $n" = "-c 64" ]; then
			eval "sum_$name=\$(( \${sum_$name:-0} + $ok ))"
		fi
	done
	for name in replylint before; do
		eval "p=\${p99_$name:-}; r=\${rps_$name:-}; c=\${cpu_$name:-}; g=\${gen_$name:-}"
		[ -n "$p" ] || continue
		awk -v n="$name" -v p="$p" -v r="$r" -v c="$c" -v g="$g" -v ep="$p99_echo" -v er="$rps_echo" -v ec="$cpu_echo" -v eg="$gen_echo" \
			'BEGIN{printf "  %-9s / echo: p99 %.2fx  throughput %.0f%%  cpu a request %.2fx  (server + generator: %.0f%% of echo'"'"'s throughput)\n", n, (ep ? p/ep : 0), (er ? 100*r/er : 0), (ec ? c/ec : 0), (c+g ? 100*(ec+eg)/(c+g) : 0)}'
	done
	unset p99_before rps_before cpu_before gen_before
	# The next run starts with the next server, so that none is always
	# the one driven first, or last, on a machine whose load drifts.
	first=${servers%% *}; servers="${servers#* } $first"
done
for name in replylint before; do
	eval "n=\${sum_$name:-}"
	[ -n "$n" ] && awk -v n="$name" -v a="$n" -v e="$sum_echo" -v r="$rounds" \
		'BEGIN{printf "capacity, c=64 over %d rounds: %s answered %d, echo %d: %.0f%% of echo'"'"'s throughput\n", r, n, a, e, (e ? 100*a/e : 0)}'
done
for s in $servers; do
	name=${s%%:*}; rest=${s#*:}; pid=${rest%%:*}
	echo "peak RSS $name: $(awk '/VmHWM/{print $2" "$3}' "/proc/$pid/status")"
done
echo "load after: $(uptime)"
