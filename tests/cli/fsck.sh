#!/bin/sh
# vanthu fsck: a whole store passes; each kind of damage, made with plain
# git as a hand edit or a broken disk would, is named with its path and
# fails the check, and no other command crashes on it.
set -eu
. "$(dirname "$0")/lib/common.sh"

run 0 init
run 0 ingest "$samples"
run 0 fsck
out_has ": ok"
run 0 fsck --json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["ok"] and j["records"] >= 12 and not j["problems"], j' \
	"$tmp/out" || fail "fsck --json of a whole store"

mkdir -p "$tmp/wt"
g() { git --git-dir="$store" --work-tree="$tmp/wt" "$@"; }
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@localhost GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@localhost

# commit_with PATH CONTENT|-: HEAD plus one file set (or, for -, removed).
commit_with() {
	idx=$tmp/index.$$
	GIT_INDEX_FILE=$idx g read-tree HEAD
	if [ "$2" = - ]; then
		GIT_INDEX_FILE=$idx g update-index --force-remove "$1"
	else
		oid=$(printf '%s' "$2" | g hash-object -w --stdin)
		GIT_INDEX_FILE=$idx g update-index --add --cacheinfo "100644,$oid,$1"
	fi
	tree=$(GIT_INDEX_FILE=$idx g write-tree)
	rm -f "$idx"
	g update-ref refs/heads/main "$(g commit-tree "$tree" -p HEAD -m "hand edit")"
}

good=$(g rev-parse HEAD)
rec=$(g ls-tree -r --name-only HEAD records | head -1)
id=$(basename "$rec" .json)

# A record that is not JSON.
commit_with "$rec" '{"id": "broken'
run 1 fsck
out_has "$rec: not JSON"
err_has "problem"
run 0 ls          # other commands report or skip it, never crash
run 0 lineage 59-NQ/TW --json
n=$(g ls-tree -r --name-only HEAD records | wc -l)
run 0 export -o "$tmp/all.jsonl"
err_has "skipped 1 file under 'records/': not a record"
[ "$(wc -l < "$tmp/all.jsonl")" = $((n - 1)) ] || fail "export of a store with a broken record"
g update-ref refs/heads/main "$good"

# A record filed under another id's path.
other=$(g ls-tree -r --name-only HEAD records | sed -n 2p)
commit_with "$other" "$(g show "HEAD:$rec")"
run 1 fsck
out_has "$other: id '$id' belongs at '$rec'"
g update-ref refs/heads/main "$good"

# A record that breaks the contract.
commit_with "$rec" "$(g show "HEAD:$rec" | sed 's/"type":[^,]*,/"type": "poem",/')"
run 1 fsck --json
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert not j["ok"]; assert any(p["path"] == sys.argv[2] and "type" in p["problem"] for p in j["problems"]), j' \
	"$tmp/out" "$rec" || fail "fsck --json: an invalid type not reported"
g update-ref refs/heads/main "$good"

# A source text lost, and one that no longer matches its hash.
sha=$(g show "HEAD:$rec" | python3 -c 'import json,sys; print(json.load(sys.stdin)["source"]["sha256"])')
src=sources/$(echo "$sha" | cut -c1-2)/$sha.txt
commit_with "$src" -
run 1 fsck
out_has "$rec: its source text $sha is not kept"
g update-ref refs/heads/main "$good"
commit_with "$src" "altered text"
run 1 fsck
out_has "does not match its hash"
g update-ref refs/heads/main "$good"

# An alias naming a record that is not held; a stray file.
commit_with index/aliases.json '{"tay-ninh|2025|1/UBND-NC": "no-such-record"}'
run 1 fsck
out_has "index/aliases.json: 'tay-ninh|2025|1/UBND-NC' names 'no-such-record', which is not held"
g update-ref refs/heads/main "$good"
commit_with "notes.txt" "hello"
run 1 fsck
out_has "notes.txt: unexpected file in the store"
g update-ref refs/heads/main "$good"

# A damaged object on disk: the pack or loose file of a record.
run 0 fsck
blob=$(g rev-parse "HEAD:$rec")
loose=$store/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)
if [ -f "$loose" ]; then
	chmod u+w "$loose"
	printf 'garbage' >"$loose"
	run 1 fsck
	out_has "$rec: object $(echo "$blob" | cut -c1-12) missing or damaged"
else
	note "skipped the damaged-object part: '$blob' is packed"
fi
echo ok
