# common.bash — what the check scripts share, sourced from the repository
# root: a temporary folder $tmp (removed on exit), and result STATUS NAME,
# which prints the TAP-like "ok N - NAME" or "not ok N - NAME" line that
# tests/run-tests.sh counts.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
result() { # status name
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
