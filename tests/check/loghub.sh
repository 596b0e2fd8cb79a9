#!/usr/bin/env bash
# The template miner keeps its grouping accuracy on a few Loghub-2k datasets
# (no timings here: make bench prints those). Floors are the GA measured
# when the miner was written, less a small margin, so a change that makes
# mining worse fails the suite. Needs $SHARED/data/loghub-2k and python3.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/recur}"
DATA="${SHARED:-$PWD/../shared}/data/loghub-2k"
n=0
if [ ! -f "$DATA/HDFS_2k.csv" ]; then
	echo "ok 1 - loghub floors # SKIP no data in $DATA"
	exit 0
fi
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
