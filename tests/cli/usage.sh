#!/bin/sh
# Version, help, and the usage errors (status 2) of DESIGN.md §4.
set -eu
. "$(dirname "$0")/lib/common.sh"

run 0 --version
[ "$(cat "$tmp/out")" = "vanthu 0.1.0" ] || fail "--version printed '$(cat "$tmp/out")'"

for h in --help -h help; do
	run 0 $h
	for c in init parse ingest show lineage render plugins help; do
		grep -q "^  $c " "$tmp/out" || fail "'vanthu $h' does not list '$c'"
	done
done
# ... and every command it lists is real: it has usage, --help and strict options.
run 0 --help
listed=$(sed -n '/^Commands:/,/^$/p' "$tmp/out" | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p')
[ "$(echo "$listed" | wc -l)" -ge 8 ] || fail "--help lists too few commands: $listed"

for c in $listed; do
	[ "$c" = help ] && continue
	run 0 help "$c"
	grep -q "^usage: vanthu.* $c" "$tmp/out" || fail "'help $c' has no usage line"
	cp "$tmp/out" "$tmp/help1"
	run 0 "$c" --help
	cmp -s "$tmp/out" "$tmp/help1" || fail "'$c --help' differs from 'help $c'"
	run 2 "$c" --no-such-option
	err_has "unknown option '--no-such-option'"
	err_has "usage: vanthu"
done

run 2 frobnicate
err_has "'frobnicate' is not a vanthu command"
run 2 help frobnicate
run 2 --no-such-global init
err_has "unknown option '--no-such-global'"
run 2
err_has "no command given"
run 2 --store
err_has "'--store' needs a value"
run 2 parse
err_has "needs at least one FILE"
run 2 ingest
run 2 show
run 2 lineage
run 2 render 59-NQ/TW
err_has "-o FILE"
run 2 render -o
run 2 render --format gif -o "$tmp/x.gif"
err_has "unknown format 'gif'"
run 2 lineage X --depth -1
run 2 lineage X --depth many
run 2 lineage X --relation loves
err_has "unknown relation 'loves'"
run 2 init extra
run 2 parse - -
err_has "only once"
echo ok
