#!/usr/bin/env bash
# Broken and hostile import files (tests/malformed/): each must give its
# message, exit code and effect on a database that already holds two
# incidents.
#
#   tests/malformed/NAME            the file (or made here: see generate)
#   tests/malformed/NAME.experr     the exact stderr of `recur import NAME`
#   tests/malformed/NAME.expcode    the exit code (default 1)
#   tests/malformed/NAME.count      incidents the file adds (default 0)
#
# A file that fails must leave the database exactly as it was (sqlite3 .dump
# before and after), never partly imported. tests/malformed/pending/ holds
# cases whose expected behaviour is proposed but not built yet; they run only
# with MALFORMED_PENDING=1. UPDATE=1 rewrites .experr/.expcode from the run
# (review with git diff).
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
ROOT=$PWD
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1764115200
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

# Files too big to commit, made on the fly.
generate() { # name dest
	local py=/usr/bin/python3
	case $1 in
	field-10mb.csv) $py -c 'import sys; sys.stdout.write("id,title,opened_at\nG-1," + "x" * (10 << 20) + ",2026-01-02 10:00\n")' >"$2" ;;
	field-17mb.csv) $py -c 'import sys; sys.stdout.write("id,title,opened_at\nG-1,\"" + "x" * (17 << 20) + "\",2026-01-02 10:00\n")' >"$2" ;;
	columns-100k.csv) $py -c 'import sys; n = 100000; sys.stdout.write(",".join("c%d" % i for i in range(n)) + "\n" + ",".join("v" for i in range(n)) + "\n")' >"$2" ;;
	deep.json) $py -c 'import sys; sys.stdout.write("[" * 100000 + "]" * 100000)' >"$2" ;;
	deep-value.json) $py -c 'import sys; sys.stdout.write("[{\"id\":\"G-1\",\"title\":\"x\",\"opened_at\":\"2026-01-02T10:00:00Z\",\"x\":" + "[" * 300 + "]" * 300 + "}]")' >"$2" ;;
	truncated.csv.gz) printf 'id,title,opened_at\nG-1,Disk full,2026-01-02 10:00\n' | gzip -n | head -c 30 >"$2" ;;
	damaged.csv.gz) printf 'id,title,opened_at\nG-1,Disk full,2026-01-02 10:00\n' | gzip -n |
		$py -c 'import sys; b = bytearray(sys.stdin.buffer.read()); b[12] ^= 0xff; b[13] ^= 0xff; sys.stdout.buffer.write(bytes(b))' >"$2" ;;
	*) return 1 ;;
	esac
}

base() { # db
	printf 'id,title,opened_at\nB-1,Checkout down,2026-01-01 09:00\nB-2,Search slow,2026-01-01 10:00\n' >"$tmp/base.csv"
	"$RECUR" --db "$1" import "$tmp/base.csv" >/dev/null 2>&1
}

run_case() { # dir name
	local dir=$1 name=$2 work=$tmp/w code want count want_count why=""
	rm -rf "$work" && mkdir -p "$work"
	if [ -f "$dir/$name" ]; then
		cp "$dir/$name" "$work/$name"
	elif ! generate "$name" "$work/$name"; then
		n=$((n + 1)); echo "not ok $n - malformed/$name: no file and no generator"; return
	fi
	base "$work/t.db"
	sqlite3 "$work/t.db" .dump >"$work/before.sql"
	(cd "$work" && timeout 60 "$RECUR" --db t.db import "$name" >out 2>err)
	code=$?
	want=1; [ -f "$dir/$name.expcode" ] && want=$(cat "$dir/$name.expcode")
	want_count=0; [ -f "$dir/$name.count" ] && want_count=$(cat "$dir/$name.count")
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$work/err" "$dir/$name.experr"
		if [ "$code" != 1 ]; then echo "$code" >"$dir/$name.expcode"; else rm -f "$dir/$name.expcode"; fi
		want=$code
	fi
	[ "$code" = "$want" ] || why="$why exit $code, want $want;"
	diff -u "$dir/$name.experr" "$work/err" >"$work/diff" 2>&1 || why="$why stderr differs;"
	count=$(sqlite3 "$work/t.db" 'SELECT count(*) FROM incidents')
	[ "$count" = $((2 + want_count)) ] || why="$why $((count - 2)) incidents added, want $want_count;"
	if [ "$code" != 0 ]; then
		sqlite3 "$work/t.db" .dump >"$work/after.sql"
		cmp -s "$work/before.sql" "$work/after.sql" || why="$why the database changed;"
	fi
	[ "$(sqlite3 "$work/t.db" 'PRAGMA integrity_check')" = ok ] || why="$why integrity_check fails;"
	n=$((n + 1))
	if [ -z "$why" ]; then
		echo "ok $n - malformed/$name"
	else
		echo "not ok $n - malformed/$name:$why"
		sed 's/^/#   /' "$work/diff" | head -20
	fi
}

dirs=tests/malformed
[ "${MALFORMED_PENDING:-}" = 1 ] && dirs="$dirs tests/malformed/pending"
for dir in $dirs; do
	for exp in "$dir"/*.experr; do
		[ -f "$exp" ] || continue
		name=$(basename "$exp" .experr)
		run_case "$ROOT/$dir" "$name"
	done
done

# The limits can be raised: the same files import with --max-field-size and
# --max-columns.
raised() { # name option...
	local name=$1 work=$tmp/r
	shift
	rm -rf "$work" && mkdir -p "$work"
	generate "$name" "$work/$name"
	n=$((n + 1))
	if (cd "$work" && "$RECUR" --db t.db import "$@" "$name" >/dev/null 2>err); then
		echo "ok $n - malformed/$name imports with $*"
	else
		echo "not ok $n - malformed/$name with $*"
		sed 's/^/#   /' "$work/err" | head -5
	fi
}
raised field-17mb.csv --max-field-size 32
