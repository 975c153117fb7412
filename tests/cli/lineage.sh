#!/bin/sh
# lineage of 59-NQ/TW down through the shared corpus: the government
# resolution, the provincial Party plans and the Đồng Nai plan held.
set -eu
. "$(dirname "$0")/lib/common.sh"

if ! have_corpus; then
	note "skipped: no shared corpus at '$corpus'"
	exit 0
fi
run 0 init
run 0 ingest "$corpus"

run 0 lineage 59-NQ/TW --down --json
python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
assert set(("root", "nodes", "edges")) <= set(v), sorted(v)
nodes = {n["id"]: n for n in v["nodes"]}
assert v["root"] in nodes, "root is not a node"
numbers = {n.get("number") for n in v["nodes"]}
for want in ("59-NQ/TW", "153/NQ-CP", "111-KH/TU", "386-KH/TU"):
    assert want in numbers, "%s not in the lineage: %s" % (want, sorted(map(str, numbers)))
for n in v["nodes"]:
    for k in ("id", "number", "type", "date", "subject", "held"):
        assert k in n, "node lacks %s: %s" % (k, n)
plans = [n for n in v["nodes"] if n["held"] is True and n["type"] == "plan"]
assert plans, "no held plan in the lineage"
assert any("Đồng Nai" in (n.get("issuer") or "Đồng Nai") for n in plans), plans
for e in v["edges"]:
    for k in ("from", "to", "relation", "asserted_by"):
        assert k in e, "edge lacks %s: %s" % (k, e)
    assert e["from"] in nodes and e["to"] in nodes, e
' "$tmp/out" || fail "lineage 59-NQ/TW --down --json"

# Human output names the same documents.
run 0 lineage 59-NQ/TW --down
out_has "153/NQ-CP"
out_has "111-KH/TU"
out_has " -> "
out_has "held"

# Up from the root finds nothing the corpus says 59-NQ/TW implements, and
# narrowing by relation never adds edges.
run 0 lineage 59-NQ/TW --json
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out"
cp "$tmp/out" "$tmp/both.json"
run 0 lineage 59-NQ/TW --relation implements --json
python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert len(b["edges"]) <= len(a["edges"])
assert all(e["relation"] == "implements" for e in b["edges"]), b["edges"]
' "$tmp/both.json" "$tmp/out" || fail "--relation implements"
run 0 lineage 59-NQ/TW --depth 1 --json
python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert len(b["nodes"]) <= len(a["nodes"])
' "$tmp/both.json" "$tmp/out" || fail "--depth 1"
run 0 lineage 59-nq/tw --depth 0 --json

# A DOC nothing matches.
run 1 lineage 99999-XX/YY
one_line_error
echo ok
