#!/usr/bin/env bash
# recur link on human-written duplicate reports (tests/data/duplicates-seamonkey,
# GitBugs' SeaMonkey set): pairwise F1 of link's problems against the human
# duplicate groups is above a plain TF-IDF single-link grouping's, computed by
# tests/bench/duplicates_link.py itself; precision and recall are printed.
# The set is small (90 duplicate pairs): it guards against a regression, it
# is not a target to tune to.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
out=$(python3 tests/bench/duplicates_link.py "$RECUR" tests/data/duplicates-seamonkey \
	--min-f1-over-baseline 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc = 0 ] && echo "ok 1 - link's pairwise F1 on SeaMonkey duplicates is above the TF-IDF baseline" ||
	echo "not ok 1 - link's pairwise F1 on SeaMonkey duplicates is above the TF-IDF baseline"
