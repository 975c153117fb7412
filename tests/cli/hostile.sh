#!/bin/sh
# Inputs no document is made of: each is refused with status 1 and one
# "vanthu: ..." line, never a signal, and the store does not move.
set -eu
. "$(dirname "$0")/lib/common.sh"

run 0 init
make_dispatch "$tmp/good.txt"
run 0 ingest "$tmp/good.txt"
h0=$(head_of)
[ -n "$h0" ] || fail "no commit after a good ingest"

mkdir -p "$tmp/bad"
head -c 8192 /dev/urandom >"$tmp/bad/random.txt"
: >"$tmp/bad/empty.txt"
printf '\n \n\t\n' >"$tmp/bad/blank.txt"
# Valid Vietnamese, then a byte that is never UTF-8, then an overlong "/".
{ cat "$tmp/good.txt"; printf 'Sở Ngoại vụ \377 \300\257 hết\n'; } >"$tmp/bad/invalid-utf8.txt"
# A truncated multi-byte sequence at the very end.
{ cat "$tmp/good.txt"; printf 'Ng\341\273'; } >"$tmp/bad/truncated.txt"
# NUL bytes inside an otherwise good document.
{ head -c 200 "$tmp/good.txt"; printf '\000\000\000'; tail -c +201 "$tmp/good.txt"; } >"$tmp/bad/nul.txt"
printf 'hello world, this is not a government document\n' >"$tmp/bad/unrecognised.txt"

for f in "$tmp"/bad/*.txt; do
	run 1 parse "$f"
	one_line_error
	run 1 parse --json "$f"
	one_line_error
	[ ! -s "$tmp/out" ] || fail "parse --json of $f printed something"
	run_in 1 "$f" parse -
	one_line_error
	run 1 ingest "$f"
	one_line_error
	err_has "cannot ingest '$f'"
	out_has "nothing to commit"
	[ "$(head_of)" = "$h0" ] || fail "ingest of $f moved HEAD"
done

# A DIR of bad files with one good file: the good one is committed, the bad
# ones reported, status 1.
cp "$tmp/good.txt" "$tmp/bad/z-good.txt"
printf '\n' >>"$tmp/bad/z-good.txt"
run 1 ingest "$tmp/bad"
[ "$(grep -c '^vanthu: cannot ingest ' "$tmp/err")" = "$(ls "$tmp"/bad/*.txt | wc -l | awk '{print $1 - 1}')" ] ||
	fail "not every bad file was reported"
out_has "<- $tmp/bad/z-good.txt"
[ "$(head_of)" != "$h0" ] || fail "the good file was not committed"
git --git-dir="$store" fsck --strict >/dev/null 2>&1 || fail "fsck after a mixed ingest"

# Not a file at all.
run 1 parse "$tmp/no-such-file.txt"
one_line_error
err_has "no-such-file.txt"
run 1 parse "$tmp/bad"
one_line_error

# A long line of one character, and deep nesting of brackets.
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "("; print "" }' >"$tmp/deep.txt"
st=0
vt parse "$tmp/deep.txt" >"$tmp/out" 2>"$tmp/err" || st=$?
[ "$st" -le 1 ] || fail "parse of a deeply nested line exited $st"
echo ok
