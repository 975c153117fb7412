#!/bin/sh
# plugins lists the built plugins; a broken one on $VANTHU_PLUGIN_PATH is
# reported as a failure without stopping anything.
set -eu
. "$(dirname "$0")/lib/common.sh"

check='
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"plugins", "failures"}, sorted(d)
names = {p["name"]: p for p in d["plugins"]}
for n in ("notice", "dispatch", "plan"):
    assert n in names, "plugin %s missing" % n
    p = names[n]
    assert p["path"].endswith(".so"), p["path"]
    assert p["doc_type"] == n, p
    assert p["version"], p
'

run 0 plugins --json
python3 -c "$check
assert d['failures'] == [], d['failures']
" "$tmp/out" || fail "plugins --json"
[ ! -s "$tmp/err" ] || fail "plugins wrote to stderr"

run 0 plugins
out_has "notice"
out_has "dispatch"
out_has "plan"

# A garbage shared object earlier in the search path.
mkdir -p "$tmp/plug"
chmod 755 "$tmp/plug"
head -c 2048 /dev/urandom >"$tmp/plug/vanthu-broken.so"
VANTHU_PLUGIN_PATH=$tmp/plug
export VANTHU_PLUGIN_PATH
run 0 plugins --json
python3 -c "$check
f = d['failures']
assert len(f) == 1, f
assert f[0]['path'].endswith('vanthu-broken.so'), f
assert f[0]['reason'], f
" "$tmp/out" || fail "plugins --json with a broken plugin"
run 0 plugins
out_has "vanthu-broken.so"

# parse still works, with at most a one-line note on stderr.
make_dispatch "$tmp/d.txt"
run 0 parse --json "$tmp/d.txt"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["type"] == "dispatch"' \
	"$tmp/out" || fail "parse with a broken plugin around"
[ "$(wc -l <"$tmp/err")" -le 1 ] || fail "more than a one-line note on stderr"

# --plugin-dir comes first too.
unset VANTHU_PLUGIN_PATH
run 0 --plugin-dir "$tmp/plug" plugins --json
python3 -c "$check
assert len(d['failures']) == 1
" "$tmp/out" || fail "--plugin-dir"

# A folder anyone may write to is refused, and said so.
mkdir -p "$tmp/open"
cp "$tmp/plug/vanthu-broken.so" "$tmp/open/"
chmod 777 "$tmp/open"
run 0 --plugin-dir "$tmp/open" plugins --json
python3 -c "$check
assert len(d['failures']) >= 1, d['failures']
" "$tmp/out" || fail "a world-writable plugin folder was not refused"
echo ok
