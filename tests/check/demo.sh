#!/usr/bin/env bash
# make demo tells the same story on every day, and the README shows exactly
# what it prints: the README's transcript (the lines after "$ make demo") is
# compared with the demo's command as the Makefile has it (make -n) followed
# by what that command prints. Then the demo is run under clocks from
# 2026-11-15 to 2030 and must write the same review files, byte for byte.
# The demo runs in a temporary folder (sample-data linked in), never in the tree.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
ROOT=$PWD
export LC_ALL=C TZ=UTC
. tests/check/common.bash

# The transcript: from the line after "$ make demo" to the closing fence.
sed -n '/^\$ make demo$/,/^```$/p' README.md | sed '1d;$d' >"$tmp/readme"
[ -s "$tmp/readme" ]
result $? "README.md has a make demo transcript"

# The command as make would run it: the recipe line that starts with
# ./recur and its backslash continuations, exactly as make echoes them.
make -n --no-print-directory demo 2>/dev/null |
	awk '/^\.\/recur /{on=1} on{print; if (!/\\$/) exit}' >"$tmp/cmd"
[ -s "$tmp/cmd" ]
result $? "make -n demo shows the ./recur command"

run_demo() { # folder, then SOURCE_DATE_EPOCH (empty: the clock)
	mkdir -p "$1/out" && ln -s "$ROOT/sample-data" "$1/sample-data" && ln -s "$RECUR" "$1/recur"
	(cd "$1" && SOURCE_DATE_EPOCH="$2" bash "$tmp/cmd" >stdout 2>stderr)
}

run_demo "$tmp/today" ""
result $? "the demo command runs: $(head -3 "$tmp/today/stderr")"
cat "$tmp/cmd" "$tmp/today/stdout" >"$tmp/transcript"
diff -u "$tmp/readme" "$tmp/transcript" >"$tmp/diff"
result $? "the README's transcript is what make demo prints$(sed 's/^/\n#   /' "$tmp/diff")"

for day in 2026-11-15 2027-06-30 2030-12-31; do
	epoch=$(date -u -d "$day" +%s)
	run_demo "$tmp/$day" "$epoch"
	same=0
	for f in "$tmp/today/out"/review-*; do
		cmp -s "$f" "$tmp/$day/out/$(basename "$f")" || { same=1; echo "#   $(basename "$f") differs on $day"; }
	done
	ls "$tmp/today/out"/review-* >/dev/null 2>&1 || same=1
	cmp -s "$tmp/today/stdout" "$tmp/$day/stdout" || same=1
	result $same "SOURCE_DATE_EPOCH=$day: the same output and review files"
done

# the ./recur the demo runs is the default build's: a sanitizer build (make
# asan, make tsan) makes its binary in its own folder and never copies it
# over ./recur (which then stayed newer than build/recur, and sanitized)
make -n --no-print-directory BUILD=build-probe SANITIZE=address all 2>/dev/null >"$tmp/san"
[ -s "$tmp/san" ] && grep -q 'build-probe/' "$tmp/san" && ! grep -Eq '(^| )(recur|recur\.1)$' "$tmp/san"
result $? "a sanitizer build leaves ./recur and recur.1 alone$(grep -E '(^| )(recur|recur\.1)$' "$tmp/san" | sed 's/^/\n#   /')"
