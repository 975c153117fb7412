#!/bin/sh
# show: the record of a held document, what citations say of a cited-only
# one, and status 1 for a DOC nothing matches.
set -eu
. "$(dirname "$0")/lib/common.sh"

run 0 init
make_dispatch "$tmp/d.txt"
run 0 ingest "$tmp/d.txt"
id=$(sed -n 's/^added \([a-z0-9-]*\) .*/\1/p' "$tmp/out")
[ -n "$id" ] || fail "no id in the ingest output"

# By number and by id: the record as stored.
run 0 show --json 1/UBND-VX
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["id"] == sys.argv[2], (r["id"], sys.argv[2])
assert r["number"] == "1/UBND-VX"
' "$tmp/out" "$id" || fail "show --json 1/UBND-VX"
run 0 show --json "$id"
run 0 show " 1/ubnd-vx "
out_has "1/UBND-VX"
out_has "dispatch"

# The notice the dispatch cites is not held: its attestations.
run 0 show --json 20/TB-VPCP
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert a["held"] is False, a
assert a["number"] == "20/TB-VPCP", a
assert any(x["by"] == sys.argv[2] for x in a["attestations"]), a
assert "warnings" in a
' "$tmp/out" "$id" || fail "show --json of a cited-only document"
run 0 show 20/TB-VPCP
out_has "not held"

run 1 show 424242/XX-YY
one_line_error

# The same number a year earlier is another document (numbers restart each
# year): the number alone is now ambiguous (status 2, the candidates
# listed), the id is not.
sed -e 's/2024/2023/g' "$tmp/d.txt" >"$tmp/g.txt"
run 0 ingest "$tmp/g.txt"
id2=$(sed -n 's/^added \([a-z0-9-]*\) .*/\1/p' "$tmp/out")
[ -n "$id2" ] && [ "$id2" != "$id" ] || fail "the 2023 dispatch is not a new document"
run 2 show 1/UBND-VX
err_has "ambiguous"
err_has "$id"
err_has "$id2"
run 2 lineage 1/UBND-VX
run 0 show --json "$id2"
echo ok
