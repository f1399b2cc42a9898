#!/bin/sh
# bench/fuzz.sh [DURATION] — run every fuzz target of the repository for
# DURATION each (default 1m), one after the other, and stop at the first
# failure (its reproducer is written under the package's testdata/fuzz/).
# Targets are found with `go test -list '^Fuzz'`, so a new one is run
# without editing this script.
set -eu
cd "$(dirname "$0")/.."
time=${1:-1m}
for pkg in $(go list ./...); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "== $pkg $target ($time)"
		go test -run '^$' -fuzz "^$target\$" -fuzztime "$time" "$pkg"
	done
done
