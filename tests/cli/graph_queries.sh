#!/bin/sh
# The graph queries of issue 5 on a store holding the shared corpus and the
# project's samples: lineage down from 59-NQ/TW and up from 1345/UBND-NC,
# tasks of Sở Ngoại vụ, render in four formats, ls, search, impact, path,
# missing, export, done, --at, and the index cache (reused, caught up,
# rebuilt when deleted or damaged).
set -eu
. "$(dirname "$0")/lib/common.sh"

if ! have_corpus; then
	note "skipped: no shared corpus at '$corpus'"
	exit 0
fi
run 0 init
run 0 ingest "$corpus"
run 0 ingest "$samples"/100_*.txt "$samples"/101_*.txt "$samples"/103_*.txt \
	"$samples"/104_*.txt
idx=$store/vanthu/graph-index

run 0 lineage 59-NQ/TW --down --json
[ -s "$idx" ] || fail "no graph index at '$idx' after a query"
python3 - "$tmp/out" <<'PY' || fail "lineage 59-NQ/TW --down"
import json, sys
v = json.load(open(sys.argv[1]))
nodes = {n["id"]: n for n in v["nodes"]}
num = {n["number"]: n for n in v["nodes"] if n["number"]}
for want in ("153/NQ-CP", "111-KH/TU", "386-KH/TU", "22-CV/TU", "39/KH-UBND"):
    assert want in num, (want, sorted(num))
held = [n for n in v["nodes"] if n["held"]]
assert any(n["type"] == "plan" and n["number"] is None for n in held), "no held draft plan"
disp = [n for n in held if n["type"] == "dispatch"]
dates = sorted(n["date"] or "" for n in disp)
assert any(d.startswith("2025") for d in dates) and any(d.startswith("2026") for d in dates), dates
edges = v["edges"]
for e in edges:
    assert e["from"] in nodes and e["to"] in nodes and e["asserted_by"], e
# the 2026 dispatch reaches 59-NQ/TW through 39/KH-UBND -> 153/NQ-CP
d26 = [n["id"] for n in disp if (n["date"] or "").startswith("2026")][0]
k39 = num["39/KH-UBND"]["id"]; k153 = num["153/NQ-CP"]["id"]
assert any(e["from"] == d26 and e["to"] == k39 for e in edges), "2026 dispatch -> 39/KH-UBND"
assert any(e["from"] == k39 and e["to"] == k153 and e["asserted_by"] == d26 for e in edges), \
    "39/KH-UBND -> 153/NQ-CP asserted by the 2026 dispatch"
# edges stated by another document carry it
plan = [n["id"] for n in held if n["type"] == "plan" and n["number"] is None][0]
assert any(e["from"] == num["111-KH/TU"]["id"] and e["asserted_by"] == plan for e in edges)
PY

run 0 lineage 1345/UBND-NC --up --json
python3 - "$tmp/out" <<'PY' || fail "lineage 1345/UBND-NC --up"
import json, sys
v = json.load(open(sys.argv[1]))
num = {n["number"] for n in v["nodes"]}
for want in ("170/TB-VPCP", "15-CT/TW", "21/NQ-CP"):
    assert want in num, (want, num)
PY

VANTHU_TODAY=2024-05-20 run 0 tasks --agency "Sở Ngoại vụ" --json
python3 - "$tmp/out" <<'PY' || fail "tasks --agency 'Sở Ngoại vụ'"
import json, sys
v = json.load(open(sys.argv[1]))
ts = v["tasks"]
assert ts, "no task"
for t in ts:
    for k in ("document", "label", "text", "lead", "support", "deadlines", "status"):
        assert k in t, (k, t)
    assert any("Ngoại vụ" in a for a in t["lead"] + t["support"]), t
t6 = [t for t in ts if "2024-05-22" in t["deadlines"]]
assert t6, [t["deadlines"] for t in ts]
assert t6[0]["status"] == "due", t6[0]["status"]
PY
# accents optional, and the status moves with the date
VANTHU_TODAY=2024-06-01 run 0 tasks --agency "so ngoai vu" --json
grep -q '"overdue"' "$tmp/out" || fail "task past 2024-05-22 is not overdue"
run 0 tasks --overdue-at 2024-06-01 --json
grep -q '2024-05-22' "$tmp/out" || fail "--overdue-at"
run 0 tasks --due-before 2024-05-01 --json
grep -q '2024-05-22' "$tmp/out" && fail "--due-before kept a later deadline"
run 0 tasks --agency "Sở Ngoại vụ" --csv
head -n 1 "$tmp/out" | grep -q '^document,number,label,lead,support,deadlines,status,text' ||
	fail "--csv header"
grep -q '2024-05-22' "$tmp/out" || fail "--csv row"
run 0 tasks --province "Tây Ninh" --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert v["tasks"] and all(t["province"]=="Tây Ninh" for t in v["tasks"])' "$tmp/out" ||
	fail "--province"

# done: a commit; the task then shows as done; twice changes nothing.
head_before=$(git --git-dir="$store" rev-parse HEAD)
run 0 done 1345/UBND-NC 6 --note "đã trình kế hoạch"
[ "$(git --git-dir="$store" rev-parse HEAD)" != "$head_before" ] || fail "done made no commit"
git --git-dir="$store" log -1 --format=%s | grep -q '^done' || fail "commit verb"
VANTHU_TODAY=2024-06-01 run 0 tasks --agency "Sở Ngoại vụ" --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert [t for t in v["tasks"] if "2024-05-22" in t["deadlines"]][0]["status"]=="done"' "$tmp/out" ||
	fail "done task not done"
h2=$(git --git-dir="$store" rev-parse HEAD)
run 0 done 1345/UBND-NC 6
[ "$(git --git-dir="$store" rev-parse HEAD)" = "$h2" ] || fail "second done made a commit"
run 1 done 1345/UBND-NC 99
run 1 done 153/NQ-CP 1

# render: svg, png, pdf and dot (the dot accepted by Graphviz's dot)
for f in svg png pdf dot; do
	run 0 render 59-NQ/TW --format $f -o "$tmp/r.$f"
	[ -s "$tmp/r.$f" ] || fail "render $f"
done
xmllint --noout "$tmp/r.svg" || fail "svg is not XML"
svg_has() {
	python3 -c 'import sys, xml.etree.ElementTree as E; t="".join(E.parse(sys.argv[1]).getroot().itertext()); sys.exit(0 if sys.argv[2] in t else 1)' "$1" "$2"
}
svg_has "$tmp/r.svg" '153/NQ-CP' || fail "svg lacks 153/NQ-CP"
head -c 4 "$tmp/r.png" | od -c | grep -q 'P   N   G' || fail "png magic"
head -c 5 "$tmp/r.pdf" | grep -q '%PDF' || fail "pdf magic"
dot -Tsvg "$tmp/r.dot" -o "$tmp/r2.svg" || fail "dot refuses the DOT"
grep -q '_level_0' "$tmp/r.dot" || fail "no level anchors"
run 0 render 1345/UBND-NC --agencies -o "$tmp/t.svg"
svg_has "$tmp/t.svg" 'Sở Ngoại vụ' || fail "--agencies lacks Sở Ngoại vụ"
svg_has "$tmp/t.svg" 'Nhiệm vụ 6' || fail "--agencies lacks task 6"

# ls, search, impact, path, missing, export
run 0 ls --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert len(v["documents"])==9, len(v["documents"]); assert all(d["held"] for d in v["documents"])' "$tmp/out" ||
	fail "ls"
run 0 ls --type plan --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert v["documents"] and all(d["type"]=="plan" for d in v["documents"])' "$tmp/out" ||
	fail "ls --type"
run 0 ls --issuer "tay ninh" --since 2024-01-01
out_has "1345/UBND-NC"
run 0 search ngoai giao kinh te --json
grep -q '1345/UBND-NC' "$tmp/out" || fail "search without accents"
run 0 search 1345/ubnd-nc --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert v["documents"][0]["number"]=="1345/UBND-NC"' "$tmp/out" ||
	fail "search by number"
run 0 impact 59-NQ/TW --json
python3 - "$tmp/out" <<'PY' || fail "impact"
import json, sys
v = json.load(open(sys.argv[1]))
num = {d["number"] for d in v["documents"]}
assert "111-KH/TU" in num and "153/NQ-CP" in num, num
assert v["agencies"] and all(g["agency"] and g["tasks"] for g in v["agencies"])
PY
run 0 path 2093/UBND-NC 59-NQ/TW --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert v["direction"]=="up" and v["nodes"][0]["number"]=="2093/UBND-NC" and v["nodes"][-1]["number"]=="59-NQ/TW", v' "$tmp/out" ||
	fail "path"
run 0 missing --json
python3 - "$tmp/out" <<'PY' || fail "missing"
import json, sys
m = json.load(open(sys.argv[1]))["missing"]
assert m and all(not x["held"] for x in m)
c = [x["count"] for x in m]
assert c == sorted(c, reverse=True), c
assert m[0]["number"] == "153/NQ-CP", m[0]
PY
run 0 export --format jsonl -o "$tmp/all.jsonl"
[ "$(wc -l < "$tmp/all.jsonl")" = 9 ] || fail "export jsonl"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/all.jsonl" || fail "jsonl"
run 0 export --format csv
[ "$(wc -l < "$tmp/out")" = 10 ] || fail "export csv"

# --at: the store before the samples were ingested
first=$(git --git-dir="$store" rev-list --max-parents=0 HEAD)
run 0 lineage 59-NQ/TW --down --at "$first" --json
grep -q '86/KH-UBND' "$tmp/out" && fail "--at REV shows a later document"
run 1 lineage 59-NQ/TW --at 1990-01-01

# the index: reused, caught up after a commit, rebuilt when deleted or damaged
run 0 lineage 59-NQ/TW --down --json
cp "$tmp/out" "$tmp/ref.json"
rm -f "$idx"
run 0 lineage 59-NQ/TW --down --json
cmp -s "$tmp/out" "$tmp/ref.json" || fail "rebuilt index answers differently"
printf 'garbage' | dd of="$idx" bs=1 seek=200 conv=notrunc 2>/dev/null
run 0 lineage 59-NQ/TW --down --json
cmp -s "$tmp/out" "$tmp/ref.json" || fail "damaged index was trusted"
run 0 ingest "$samples"/108_*.txt
run 0 ls --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert len(v["documents"])==10' "$tmp/out" ||
	fail "index not caught up after an ingest"
head -c 48 "$idx" | tail -c 40 | grep -q "$(git --git-dir="$store" rev-parse HEAD)" ||
	fail "index not keyed by HEAD"
echo ok
