#!/usr/bin/env bash
# The template miner keeps its grouping accuracy on a few Loghub-2k datasets
# (no timings here: make bench prints those). Floors are the GA measured
# when the miner was written, less a small margin, so a change that makes
# mining worse fails the suite. Reads tests/data/loghub-2k; needs python3.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
DATA="$PWD/tests/data/loghub-2k"
n=0
out=$(python3 tests/bench/loghub_score.py "$RECUR" "$DATA" HDFS Apache OpenSSH Linux Proxifier \
	--min HDFS=0.99 --min Apache=0.99 --min OpenSSH=0.99 --min Linux=0.85 --min Proxifier=0.95 2>&1)
while read -r name ga rest; do
	case "$name" in HDFS|Apache|OpenSSH|Linux|Proxifier) ;; *) continue ;; esac
	n=$((n + 1))
	if [[ "$rest" == *"below the floor"* ]]; then
		echo "not ok $n - loghub $name GA $ga: $rest"
	else
		echo "ok $n - loghub $name GA $ga"
	fi
done <<<"$out"
[ "$n" -eq 5 ] || { echo "not ok $((n + 1)) - loghub scorer"; echo "$out" | sed 's/^/#   /'; }
