#!/bin/sh
# ingest of the shared corpus: one commit, a store git itself accepts, and
# a second identical ingest that makes no commit.  Then ingest of a DIR
# with nested folders, and of standard input.
set -eu
. "$(dirname "$0")/lib/common.sh"

run 0 init

# Without the shared corpus, a document of our own stands in.
if have_corpus; then
	src=$corpus
	n=$(ls "$corpus"/*.txt | wc -l)
else
	note "skipped the shared corpus part: no '$corpus'"
	mkdir -p "$tmp/docs"
	make_dispatch "$tmp/docs/one.txt"
	src=$tmp/docs
	n=1
fi

run 0 ingest "$src"
[ "$(grep -c '^added ' "$tmp/out")" = "$n" ] || fail "expected $n 'added' lines"
grep -q '^committed [0-9a-f]\{7\}: '"$n"' added, 0 changed$' "$tmp/out" ||
	fail "no 'committed <oid>: $n added, 0 changed' line"
# Each line: added|changed|unchanged ID NUMBER <- PATH
grep '^added ' "$tmp/out" | while read -r what id number arrow path; do
	case $id in *[!a-z0-9-]*|'') fail "id '$id' is not a safe name" ;; esac
	[ "$arrow" = "<-" ] || fail "bad line: $what $id $number $arrow $path"
	[ -f "$path" ] || fail "'$path' is not an input file"
done
# Files are taken in sorted order.
grep '^added ' "$tmp/out" | sed 's/.* <- //' >"$tmp/order"
sort "$tmp/order" | cmp -s - "$tmp/order" || fail "files not ingested in sorted order"

git --git-dir="$store" fsck --strict >"$tmp/fsck" 2>&1 || { cat "$tmp/fsck"; fail "git fsck --strict"; }
[ "$(git --git-dir="$store" rev-list --count HEAD)" = 1 ] || fail "expected one commit"
git --git-dir="$store" log >"$tmp/log" || fail "git log"
[ "$(grep -c '^commit ' "$tmp/log")" = 1 ] || fail "git log shows more than one commit"

# Parsing on several threads stores exactly what one thread stores, in
# the same order.
cp "$tmp/out" "$tmp/out.default"
for j in 1 3; do
	run 0 --store "$tmp/j$j" init
	run 0 --store "$tmp/j$j" ingest --jobs $j "$src"
	grep -v '^committed ' "$tmp/out" >"$tmp/lines.$j"
	[ "$(git --git-dir="$tmp/j$j" rev-parse HEAD^{tree})" = \
	  "$(git --git-dir="$store" rev-parse HEAD^{tree})" ] ||
		fail "ingest --jobs $j stored another tree"
done
cmp -s "$tmp/lines.1" "$tmp/lines.3" || fail "ingest --jobs 3 printed other lines than --jobs 1"
grep -v '^committed ' "$tmp/out.default" | cmp -s - "$tmp/lines.1" ||
	fail "ingest printed other lines than ingest --jobs 1"
run 2 ingest --jobs 0 "$src"
err_has "'--jobs' needs a number"

# Re-ingesting the same files: nothing changes, no commit.
h1=$(head_of)
run 0 ingest "$src"
out_has "nothing to commit"
[ "$(grep -c '^unchanged ' "$tmp/out")" = "$n" ] || fail "expected $n 'unchanged' lines"
[ "$(head_of)" = "$h1" ] || fail "an identical ingest moved HEAD"

# A DIR is walked recursively for *.txt only.
mkdir -p "$tmp/tree/a/b"
make_dispatch "$tmp/tree/a/b/deep.txt"
echo "not a document" >"$tmp/tree/a/readme.md"
run 0 --store "$tmp/s2" init
run 0 --store "$tmp/s2" ingest "$tmp/tree"
[ "$(grep -c '^added ' "$tmp/out")" = 1 ] || fail "DIR walk found other than the one .txt"
out_has "<- $tmp/tree/a/b/deep.txt"
out_has "committed "

# A DIR named through a symbolic link is walked; a link loop inside is not.
ln -s "$tmp/tree" "$tmp/tree-link"
ln -s .. "$tmp/tree/a/b/loop"
run 0 --store "$tmp/s2" ingest "$tmp/tree-link"
[ "$(grep -c '^unchanged ' "$tmp/out")" = 1 ] || fail "a linked DIR or a link loop was mis-walked"
out_has "<- $tmp/tree-link/a/b/deep.txt"
out_has "nothing to commit"

# Standard input.
make_dispatch "$tmp/stdin.txt"
printf '\n\n' >>"$tmp/stdin.txt"
run_in 0 "$tmp/stdin.txt" --store "$tmp/s2" ingest -
grep -q ' <- -$' "$tmp/out" || fail "no line for standard input"
echo ok
