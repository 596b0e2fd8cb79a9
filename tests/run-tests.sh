#!/usr/bin/env bash
# Runs every test: unit binaries, end-to-end golden cases and check scripts.
# Each prints TAP-like "ok"/"not ok" lines; this adds them up and ends with
# "N passed, M failed". Environment: BUILD (build folder), RECUR (binary). Tests read
# their data from tests/data ($TESTDATA), never from outside the tree.
set -u
cd "$(dirname "$0")/.."
export LC_ALL=C TZ=UTC
export RECUR="${RECUR:-$PWD/build/recur}" ROOT="$PWD" TESTDATA="$PWD/tests/data"
BUILD="${BUILD:-build}"
pass=0 fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # name, then the output in $log
	local p f
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -gt 0 ] || [ "$p" -eq 0 ]; then
		echo "== $1: $p passed, $f failed"
		grep -E '^(not ok|#)' "$log" | head -60
		[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && { echo "not ok - $1 ran no test"; fail=$((fail + 1)); tail -20 "$log"; }
	else
		echo "== $1: $p passed"
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	count "unit $(basename "$t")"
done
for t in tests/check/*.sh; do
	[ -f "$t" ] || continue
	bash "$t" >"$log" 2>&1
	count "check $(basename "$t" .sh)"
done
if [ -d tests/e2e ]; then
	bash tests/e2e/run.sh >"$log" 2>&1
	count "e2e"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
