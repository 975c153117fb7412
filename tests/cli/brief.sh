#!/bin/sh
# vanthu brief in a real browser: headless Chromium loads the page offline,
# a screenshot is taken and must not be blank, and the DOM holds the facts,
# the inline lineage SVG, the tasks of Sở Ngoại vụ, the references and the
# warnings.  A document whose subject is markup injects nothing.
set -eu
. "$(dirname "$0")/lib/common.sh"

if ! have_corpus; then
	note "skipped: no shared corpus at '$corpus'"
	exit 0
fi
browser=$(command -v chromium || command -v chromium-browser || true)
run 0 init
run 0 ingest "$corpus"/002_*.txt
VANTHU_TODAY=2024-05-20 run 0 brief 1345/UBND-NC -o "$tmp/b.html"
page=$tmp/b.html
[ -s "$page" ] || fail "no page"
# Offline: no URL of any kind, no script, and the diagram inline.
grep -Eiq '(https?|ftp)://|src=|<link|<script' "$page" && fail "page names a URL or a script"
grep -q '<svg' "$page" || fail "no inline svg"
grep -q 'charset="utf-8"' "$page" || fail "no charset"

# Markup in a document is text on the page.
sed 's#^V/v đẩy mạnh.*#V/v <script>alert(1)</script> "x" \& '"'"'y'"'"'#' \
	"$corpus"/002_*.txt > "$tmp/evil.txt"
sed -i 's#^Số: 1345/UBND-NC#Số: 1346/UBND-NC#' "$tmp/evil.txt"
run 0 ingest "$tmp/evil.txt"
run 0 show 1346/UBND-NC --json
grep -q '<script>' "$tmp/out" || fail "the hostile subject did not reach the record"
run 0 brief 1346/UBND-NC -o "$tmp/evil.html"
grep -q '<script' "$tmp/evil.html" && fail "markup injected"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &amp; &#39;y&#39;' "$tmp/evil.html" ||
	fail "subject not escaped"

if [ -z "$browser" ]; then
	note "browser part skipped: no chromium (apt-get install chromium)"
	echo ok
	exit 0
fi
shot() {
	prof=$(mktemp -d "$tmp/prof.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-first-run --user-data-dir="$prof" "$@" 2>>"$tmp/browser.err"
}
shot --screenshot="$tmp/shot.png" --window-size=1200,1600 "file://$page" >/dev/null ||
	fail "chromium could not take a screenshot"
shot --dump-dom "file://$page" > "$tmp/dom.html" || fail "chromium --dump-dom"
shot --dump-dom "file://$tmp/evil.html" > "$tmp/evil-dom.html" || fail "chromium --dump-dom"
python3 - "$tmp/shot.png" "$tmp/dom.html" "$tmp/evil-dom.html" <<'PY' || fail "browser checks"
import struct, sys, zlib
from html.parser import HTMLParser

def pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, color = hdr[:4]
    assert depth == 8 and color in (2, 6), hdr
    bpp = 3 if color == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, out, i = bytearray(stride), [], 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line)); prev = line
    return w, h, bpp, out

w, h, bpp, rows = pixels(sys.argv[1])
grey = [sum(r[x:x + 3]) // 3 for r in rows[::8] for x in range(0, w * bpp, bpp * 8)]
mean = sum(grey) / len(grey)
var = sum((g - mean) ** 2 for g in grey) / len(grey)
dark = sum(1 for g in grey if g < 128) / len(grey)
assert var > 100 and dark > 0.005, "screenshot looks blank: variance %.1f, dark %.4f" % (var, dark)

class Dom(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.ids = {}; self.tags = {}; self.text = {}
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        a = dict(attrs)
        if tag == "section" and "id" in a:
            self.ids[a["id"]] = True; self.cur = a["id"]
        if tag in ("svg",) and getattr(self, "cur", None):
            self.text.setdefault(self.cur + ":svg", True)
    def handle_data(self, d):
        c = getattr(self, "cur", None)
        if c:
            self.text[c] = self.text.get(c, "") + d

d = Dom(); d.feed(open(sys.argv[2], encoding="utf-8").read())
for s in ("facts", "lineage", "tasks", "references", "warnings"):
    assert s in d.ids, "section %s missing: %s" % (s, sorted(d.ids))
assert d.text.get("lineage:svg"), "no svg in the lineage section"
assert "Sở Ngoại vụ" in d.text["tasks"], "no Sở Ngoại vụ in the tasks"
assert "2024-05-22" in d.text["tasks"], "no deadline 2024-05-22"
assert "170/TB-VPCP" in d.text["references"], "references"
assert "1345/UBND-NC" in d.text["facts"]
e = Dom(); e.feed(open(sys.argv[3], encoding="utf-8").read())
assert "script" not in e.tags, "a script element in the DOM"
assert "<script>alert(1)</script>" in e.text["facts"], "subject not shown as text"
PY
echo ok
