#!/bin/sh
# render a lineage to SVG (valid XML, naming the documents) and the other
# formats; the whole graph without DOC.
set -eu
. "$(dirname "$0")/lib/common.sh"

if ! have_corpus; then
	note "skipped: no shared corpus at '$corpus'"
	exit 0
fi
run 0 init
run 0 ingest "$corpus"

run 0 render 59-NQ/TW --format svg -o "$tmp/x.svg"
grep -q "^wrote $tmp/x.svg ([0-9]* nodes, [0-9]* edges)$" "$tmp/out" || fail "no 'wrote' line"
xmllint --noout "$tmp/x.svg" || fail "x.svg is not well-formed XML"
# Graphviz writes '-' as '&#45;': look at the text as XML sees it.
svg_text() {
	python3 -c '
import sys, xml.etree.ElementTree as ET
print(" ".join(t for t in ET.parse(sys.argv[1]).getroot().itertext()))
' "$1"
}
svg_text "$tmp/x.svg" | grep -qF '153/NQ-CP' || fail "153/NQ-CP not in the SVG"

# The format follows the extension.
run 0 render 59-NQ/TW --down -o "$tmp/x.dot"
grep -q 'digraph' "$tmp/x.dot" || fail "x.dot is not dot"
run 0 render 59-NQ/TW -o "$tmp/x.png"
[ "$(head -c 4 "$tmp/x.png" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "x.png is not a PNG"
run 0 render 59-NQ/TW -o "$tmp/x.pdf"
[ "$(head -c 4 "$tmp/x.pdf")" = '%PDF' ] || fail "x.pdf is not a PDF"
run 0 render 59-NQ/TW -o "$tmp/noext"
xmllint --noout "$tmp/noext" || fail "no extension: not SVG"

# Without DOC: the whole graph.
run 0 render -o "$tmp/all.svg"
xmllint --noout "$tmp/all.svg" || fail "all.svg"
svg_text "$tmp/all.svg" | grep -qF '59-NQ/TW' || fail "59-NQ/TW not in the whole graph"

# A target that is not a regular file is written in place: renaming over it
# would replace the node itself (a render -o /dev/null once did).
mkfifo "$tmp/fifo"
cat "$tmp/fifo" > "$tmp/from-fifo" &
reader=$!
run 0 render 59-NQ/TW -o "$tmp/fifo" --format svg
wait "$reader"
[ -p "$tmp/fifo" ] || fail "render replaced the FIFO with a file"
grep -q '<svg' "$tmp/from-fifo" || fail "nothing came through the FIFO"

# A folder that does not exist: a failure, not a crash, nothing left over.
run 1 render 59-NQ/TW -o "$tmp/no/such/dir/x.svg"
one_line_error
echo ok
