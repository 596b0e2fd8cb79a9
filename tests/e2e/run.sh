#!/usr/bin/env bash
# End-to-end golden cases: one folder per case under tests/e2e/.
#
#   cmd        shell commands, run in a fresh temporary folder; $RECUR is the
#              binary, $ROOT the source tree, $TESTDATA tests/data, $CASE the case folder
#   expout     expected stdout (compared exactly)
#   experr     expected stderr (optional; compared exactly)
#   expcode    expected exit status (optional; default 0)
#   expected/  files the commands must leave, compared byte for byte
#
# UPDATE=1 rewrites expout/experr/expcode-less goldens and expected/ from the
# actual run; review the result with git diff.
set -u
cd "$(dirname "$0")"
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=1764115200   # 2025-11-26: fixed clock
n=0
for dir in */; do
	case=${dir%/}
	[ -f "$case/cmd" ] || continue
	n=$((n + 1))
	work=$(mktemp -d)
	(cd "$work" && CASE="$OLDPWD/$case" bash "$OLDPWD/$case/cmd" >.out 2>.err; echo $? >.code)
	code=$(cat "$work/.code")
	want=0; [ -f "$case/expcode" ] && want=$(cat "$case/expcode")
	ok=1; why=""
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$work/.out" "$case/expout"
		[ -f "$case/experr" ] || [ -s "$work/.err" ] && cp "$work/.err" "$case/experr"
		[ "$code" != 0 ] && echo "$code" >"$case/expcode"
		if [ -d "$case/expected" ]; then
			(cd "$case/expected" && find . -type f) | while read -r f; do cp "$work/$f" "$case/expected/$f"; done
		fi
	fi
	[ "$code" = "$want" ] || { ok=0; why="exit $code, want $want"; }
	diff -u "$case/expout" "$work/.out" >"$work/.diff" 2>&1 || { ok=0; why="$why stdout differs"; }
	if [ -f "$case/experr" ]; then
		diff -u "$case/experr" "$work/.err" >>"$work/.diff" 2>&1 || { ok=0; why="$why stderr differs"; }
	fi
	if [ -d "$case/expected" ]; then
		while read -r f; do
			diff -u "$case/expected/$f" "$work/$f" >>"$work/.diff" 2>&1 || { ok=0; why="$why $f differs"; }
		done < <(cd "$case/expected" && find . -type f | sort)
	fi
	if [ $ok = 1 ]; then
		echo "ok $n - $case"
	else
		echo "not ok $n - $case: $why"
		sed 's/^/#   /' "$work/.diff" | head -40
		[ -s "$work/.err" ] && sed 's/^/#   stderr: /' "$work/.err" | head -10
	fi
	rm -rf "$work"
done
