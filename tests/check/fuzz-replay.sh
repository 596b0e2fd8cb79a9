#!/usr/bin/env bash
# Replays every file of tests/fuzz/corpus/<target>/ through its fuzz target,
# built without libFuzzer by the Makefile into $BUILD/fuzz/<target> (plain
# cc; under make asan with the sanitizers). Each file prints "ok N -
# target/file"; a target that crashes or fails an invariant prints "not ok"
# naming the file it was on, so every past crash stays a regression test.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
BUILD="${BUILD:-$(dirname "$RECUR")}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for dir in tests/fuzz/corpus/*/; do
	t=$(basename "$dir")
	bin=$BUILD/fuzz/$t
	if [ ! -x "$bin" ]; then
		n=$((n + 1))
		echo "not ok $n - fuzz target $t: $bin is missing (make $bin)"
		continue
	fi
	"$bin" "$dir" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	while read -r line; do
		n=$((n + 1))
		echo "ok $n - ${line#ok * - }"
	done < <(grep '^ok ' "$tmp/out")
	if [ "$rc" != 0 ]; then
		n=$((n + 1))
		file=$(grep '^# replaying ' "$tmp/err" | tail -1)
		echo "not ok $n - $t: exit $rc on ${file#\# replaying }"
		grep -v '^# replaying ' "$tmp/err" | head -20 | sed 's/^/#   /'
	fi
done
