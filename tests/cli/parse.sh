#!/bin/sh
# parse prints one record per input, from files or standard input, and
# stores nothing.
set -eu
. "$(dirname "$0")/lib/common.sh"

make_dispatch "$tmp/d.txt"
run 0 parse --json "$tmp/d.txt"
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == 1, r["schema"]
assert r["type"] == "dispatch", r["type"]
assert r["number"] == "1/UBND-VX", r["number"]
assert r["date"] == "2024-03-10", r["date"]
assert r["id"], "no id"
assert len(r["source"]["sha256"]) == 64
' "$tmp/out" || fail "parse --json of a dispatch"
cp "$tmp/out" "$tmp/file.json"

# The same from standard input: the same record but for where it came from.
run_in 0 "$tmp/d.txt" parse --json -
python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("type", "number", "date", "issuer", "subject", "id"):
    assert a[k] == b[k], (k, a[k], b[k])
assert a["source"]["sha256"] == b["source"]["sha256"]
' "$tmp/file.json" "$tmp/out" || fail "parse - differs from parse FILE"

# Human summary.
run 0 parse "$tmp/d.txt"
out_has "dispatch"
out_has "1/UBND-VX"
out_has "2024-03-10"
out_has "references"

# Several files: exactly one JSON object per file, one after another.
if have_corpus; then
	set -- "$corpus"/*.txt
else
	cp "$tmp/d.txt" "$tmp/e.txt"
	set -- "$tmp/d.txt" "$tmp/e.txt"
fi
run 0 parse --json "$@"
python3 -c '
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
dec, i, n = json.JSONDecoder(), 0, 0
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i == len(text):
        break
    obj, i = dec.raw_decode(text, i)
    assert isinstance(obj, dict) and obj["schema"] == 1
    n += 1
assert n == int(sys.argv[2]), (n, sys.argv[2])
' "$tmp/out" "$#" || fail "parse --json of $# files is not $# objects"

# A failing file among good ones: the good ones are printed, status 1.
: >"$tmp/empty.txt"
run 1 parse --json "$tmp/d.txt" "$tmp/empty.txt"
one_line_error
err_has "$tmp/empty.txt"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" ||
	fail "the good file was not printed"

# --explain: each field with the line it was read from, and that line
# of the file really holds it.
f=$samples/101_congvan_so.txt
run 0 parse --explain "$f"
out_has "  number      1287/UBND-KGVX"
ln=$(grep -A1 '^  number ' "$tmp/out" | sed -n 's/^ *line \([0-9]*\): .*/\1/p')
[ -n "$ln" ] || fail "--explain: no line for the number"
sed -n "${ln}p" "$f" | grep -q '1287/UBND-KGVX' || fail "--explain: line $ln does not hold the number"
ln=$(grep -A1 '^  date ' "$tmp/out" | sed -n 's/^ *line \([0-9]*\): .*/\1/p')
sed -n "${ln}p" "$f" | grep -q 'ngày 03 tháng 6 năm 2025' || fail "--explain: line $ln does not hold the date"
grep -q '^  task 1$' "$tmp/out" || fail "--explain: no task 1"
run 2 parse --json --explain "$f"
err_has "do not go together"

# Nothing is stored by parse.
[ ! -e "$store" ] || fail "parse created a store"
echo ok
