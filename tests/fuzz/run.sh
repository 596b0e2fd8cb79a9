#!/usr/bin/env bash
# Runs libFuzzer targets built by `make fuzz` (make fuzz-run calls this).
#
#   FUZZ_TIME=60 FUZZ_JOBS=1 tests/fuzz/run.sh csv json ...
#
# Each target runs FUZZ_TIME seconds on a working corpus in
# $FUZZ_BUILD/corpus/<target> (seeded from tests/fuzz/corpus/<target>, which
# it only reads), with tests/fuzz/<target>.dict. New interesting inputs stay
# in the working corpus; only crashes, timeouts and leaks are copied into
# tests/fuzz/corpus/<target>/ — fix the bug, then keep the file: make test
# replays it from then on. FUZZ_JOBS targets run at a time; FUZZ_ARGS adds
# libFuzzer options. Logs: $FUZZ_BUILD/logs/<target>.log.
set -u
cd "$(dirname "$0")/../.."
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_TIME=${FUZZ_TIME:-60}
FUZZ_JOBS=${FUZZ_JOBS:-1}
[ $# -gt 0 ] || set -- csv json time rules mustache postmortem

run_one() {
	local t=$1 bin=$FUZZ_BUILD/fuzz-$1 work=$FUZZ_BUILD/corpus/$1 crashes=$FUZZ_BUILD/crashes/$1
	local log=$FUZZ_BUILD/logs/$1.log
	rm -f "$crashes"/* 2>/dev/null  # earlier findings are already in the corpus
	if [ ! -x "$bin" ]; then
		echo "$t: $bin is missing: run make fuzz first"
		return 1
	fi
	mkdir -p "$work" "$crashes" "$FUZZ_BUILD/logs"
	# shellcheck disable=SC2086
	"$bin" "$work" "tests/fuzz/corpus/$t" -dict="tests/fuzz/$t.dict" \
		-max_total_time="$FUZZ_TIME" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$crashes/" -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1
	local rc=$? found=0 f
	for f in "$crashes"/crash-* "$crashes"/timeout-* "$crashes"/leak-* "$crashes"/oom-* \
		"$crashes"/slow-unit-*; do
		[ -f "$f" ] || continue
		found=$((found + 1))
		cp "$f" "tests/fuzz/corpus/$t/"
		echo "$t: found $(basename "$f"): copied to tests/fuzz/corpus/$t/ (see $log)"
	done
	local execs speed
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | awk '{print $2}')
	speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | awk '{print $2}')
	echo "$t: ${execs:-?} executions, ${speed:-?}/s, exit $rc, $found finding(s)"
	[ "$found" = 0 ]
}

status=0 running=0
for t in "$@"; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$FUZZ_JOBS" ]; then
		wait -n || status=1
		running=$((running - 1))
	fi
done
while [ "$running" -gt 0 ]; do
	wait -n || status=1
	running=$((running - 1))
done
exit $status
