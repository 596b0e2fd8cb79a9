#!/usr/bin/env bash
# recur.1, the man page the build makes from the help texts: it renders with
# man(1) without warnings; every option that a command's --help lists is in
# that command's section (and the global ones in GLOBAL OPTIONS); it has the
# exit codes, environment, files and examples. make install PREFIX=… puts
# the binary, the page and the share files there, and make uninstall takes
# them away again.
set -u
cd "$(dirname "$0")/../.."
RECUR="${RECUR:-$PWD/build/recur}"
BUILD=$(dirname "$RECUR")
PAGE="$BUILD/recur.1"
export LC_ALL=C.UTF-8 MANWIDTH=200
. tests/check/common.bash

man --warnings -l "$PAGE" >"$tmp/page" 2>"$tmp/warn"
[ $? = 0 ] && [ ! -s "$tmp/warn" ] && grep -q '^NAME' "$tmp/page"
result $? "man -l renders $PAGE without warnings$(sed 's/^/\n#   /' "$tmp/warn")"

for s in SYNOPSIS DESCRIPTION 'GLOBAL OPTIONS' COMMANDS 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES; do
	grep -q "^$s\$" "$tmp/page"
	result $? "the page has a $s section"
done

# The options a help text lists: the leading -x / --name of each option line.
options() { grep -E '^  -' | grep -oE '^  -[a-zA-Z](, --[a-z][a-z-]*)?|^  --[a-z][a-z-]*' | grep -oE -- '--?[a-zA-Z][a-z-]*'; }
# The rendered lines of one section: from its heading to the next one.
section() { awk -v h="$1" '$0 == h { on = 1; next } on && (/^[A-Z]/ || /^   recur /) { exit } on' "$tmp/page"; }

"$RECUR" --help | awk '/^global options:/ { on = 1; next } on && /^$/ { exit } on' | options >"$tmp/opts"
section "GLOBAL OPTIONS" >"$tmp/sec"
missing=$(while read -r o; do grep -qF -- "$o" "$tmp/sec" || echo "$o"; done <"$tmp/opts")
[ -s "$tmp/opts" ] && [ -z "$missing" ]
result $? "GLOBAL OPTIONS lists every global option${missing:+: missing $missing}"

cmds=$("$RECUR" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
for c in $cmds; do
	section "   recur $c" >"$tmp/sec"
	[ -s "$tmp/sec" ]
	result $? "the page has a section for recur $c"
	[ "$c" = help ] && continue
	"$RECUR" "$c" --help | options >"$tmp/opts"
	missing=$(while read -r o; do grep -qE -- "(^|[ ,])$o([ ,]|\$)" "$tmp/sec" || echo "$o"; done <"$tmp/opts")
	[ -s "$tmp/opts" ] && [ -z "$missing" ]
	result $? "recur $c: every option of its --help ($(wc -l <"$tmp/opts")) is in its section${missing:+: missing $missing}"
done

# make install / uninstall into a temporary prefix, from the build at hand.
prefix="$tmp/prefix"
make --no-print-directory install BUILD="$BUILD" PREFIX="$prefix" >"$tmp/install" 2>&1
r=$?
result $r "make install PREFIX=… succeeds"
[ $r = 0 ] || sed 's/^/#   /' "$tmp/install"
"$prefix/bin/recur" --version >/dev/null 2>&1
result $? "the installed binary runs"
man --warnings -l "$prefix/share/man/man1/recur.1" 2>"$tmp/warn" | grep -qF "$prefix/share/recur/"
result $? "man -l renders the installed page, which names the installed share folder"
[ -f "$prefix/share/recur/queries/schema.sql" ] && [ -f "$prefix/share/recur/report-templates/monthly-review.md" ]
result $? "the default queries and templates are installed to copy and change"
"$prefix/bin/recur" --share "$prefix/share/recur" --db "$tmp/x.db" gen --incidents 3 >/dev/null
result $? "the installed share folder works as --share"
make --no-print-directory uninstall BUILD="$BUILD" PREFIX="$prefix" >"$tmp/uninstall" 2>&1
[ $? = 0 ] && [ -z "$(find "$prefix" -type f)" ]
result $? "make uninstall removes every file it installed$(find "$prefix" -type f | sed 's/^/\n#   /')"
