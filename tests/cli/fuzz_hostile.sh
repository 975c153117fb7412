#!/bin/sh
# Hostile inputs, generated here at test time: empty, random, NUL bytes,
# overlong and truncated UTF-8, UTF-16LE with a BOM, 20 MB, a 5 MB line,
# 200,000 numbered items, a 5,000-digit number, a number that looks like a
# path out of the store, and a subject made to break JSON, dot and HTML.
# Each goes through `vanthu parse --json` and `vanthu ingest` under
# `timeout 30`: the status is 0, 1 or 2 (never a signal, never a hang), the
# store stays a valid git repository with no ".." in any path, nothing is
# written outside it, and its graph renders to dot that Graphviz accepts.
set -eu
. "$(dirname "$0")/lib/common.sh"

# The 30 s of the issue are for the program as built.  ASan and UBSan
# slow it down about threefold; valgrind some 40 times, where the same
# bound would only measure how busy the machine is.
if [ -n "${VANTHU_WRAP:-}" ]; then
	limit=${HOSTILE_TIMEOUT:-300}
elif [ -n "${SANITIZE:-}" ]; then
	limit=${HOSTILE_TIMEOUT:-90}
else
	limit=${HOSTILE_TIMEOUT:-30}
fi
# The store three folders down, so that "../../../pwned" from inside it
# still lands in our temporary folder, where we can look for it.
work=$tmp/w1/w2/w3
store=$work/store
VANTHU_STORE=$store
export VANTHU_STORE
mkdir -p "$work/cwd" "$tmp/in"
: >"$tmp/stamp"
cd "$work/cwd"

run 0 init

h=$tmp/in
make_dispatch "$tmp/good.txt"

# --- the files -----------------------------------------------------------
: >"$h/empty.txt"
head -c 65536 /dev/urandom >"$h/random.txt"
{ head -c 300 "$tmp/good.txt"; printf 'A\000B\000\000'; tail -c +301 "$tmp/good.txt"; } >"$h/nul.txt"
# Overlong "/" (C0 AF), overlong NUL (C0 80), overlong 3-byte (E0 80 AF),
# a surrogate (ED A0 80), beyond U+10FFFF (F4 90 80 80), a lone
# continuation byte (80), and FF.
{ cat "$tmp/good.txt"; printf 'S\341\273\221: 1\300\257UBND \300\200 \340\200\257 \355\240\200 \364\220\200\200 \200 \377\n'; } >"$h/overlong.txt"
{ cat "$tmp/good.txt"; printf 'Ngh\341\273\213 quy\341\272'; } >"$h/truncated.txt"
# UTF-16LE with a BOM: valid, a plugin may read it.
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$tmp/good.txt"; } >"$h/utf16le.txt"
# ... and one cut in the middle of a code unit.
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$tmp/good.txt" | head -c 201; } >"$h/utf16odd.txt"
# The big ones (skipped under valgrind, which would need minutes for them).
big() {
	[ -z "${VANTHU_WRAP:-}" ]
}
# awk counts bytes, whatever the locale.
awkc() {
	LC_ALL=C awk "$@"
}
# 20 MB: the document, then its body paragraph over and over.
big && {
	cat "$tmp/good.txt"
	awkc 'BEGIN {
		p = "Thực hiện Thông báo số 20/TB-VPCP ngày 01/3/2024 của Văn phòng Chính phủ, Ủy ban nhân dân tỉnh giao Sở Ngoại vụ chủ trì, báo cáo trước ngày 30/3/2024.";
		n = int(20 * 1024 * 1024 / (length(p) + 1)) + 1;
		for (i = 0; i < n; i++) print p
	}'
} >"$h/big20mb.txt"
# One line of 5 MB.
big && {
	cat "$tmp/good.txt"
	awkc 'BEGIN {
		p = "Căn cứ Nghị quyết số 59-NQ/TW ngày 24/01/2020, Số: 12/KH-UBND, a) đ) ";
		n = int(5 * 1024 * 1024 / length(p)) + 1;
		for (i = 0; i < n; i++) printf "%s", p;
		print ""
	}'
} >"$h/line5mb.txt"
# 200,000 numbered items.
big && {
	cat "$tmp/good.txt"
	awkc 'BEGIN { for (i = 1; i <= 200000; i++)
		printf "%d. Sở Tài chính chủ trì, phối hợp Sở Nội vụ, hoàn thành trước ngày %d/%d/2025.\n", i, i % 28 + 1, i % 12 + 1 }'
} >"$h/items200k.txt"
# A number of 5,000 digits.
digits=$(awkc 'BEGIN { for (i = 0; i < 5000; i++) printf "%d", (i * 7 + 3) % 10 }')
sed "s|^Số: 1/UBND-VX|Số: $digits/UBND-VX|; s|Thông báo số 20/TB-VPCP ngày|Thông báo số $digits/TB-VPCP ngày|" \
	"$tmp/good.txt" >"$h/digits5000.txt"
# A number that is a path out of the store, in the header and in a citation.
sed 's|^Số: 1/UBND-VX|Số: 1/../../../pwned/UBND-NC|; s|Thông báo số 20/TB-VPCP|Thông báo số 2/../../../../pwned/TB-VPCP|' \
	"$tmp/good.txt" >"$h/dotdot.txt"
# A subject made to close JSON strings, dot records and HTML.
sed 's|^V/v .*|V/v "];} <script>alert(1)</script> \\" \\\\ '"'"'x'"'"' \&amp; {label="x"}|' \
	"$tmp/good.txt" >"$h/subject.txt"
grep -q '<script>' "$h/subject.txt" || fail "could not make the subject file"
grep -q 'pwned' "$h/dotdot.txt" || fail "could not make the dotdot file"

# --- parse and ingest each -------------------------------------------------
# vtt STATUS-VAR ARGS...: vanthu under the time limit; the status into $st.
vtt() {
	st=0
	# shellcheck disable=SC2086
	timeout "$limit" ${VANTHU_WRAP:-} "$bin" "$@" >"$tmp/out" 2>"$tmp/err" || st=$?
}

ok_status() {
	case $st in
	0|1|2) ;;
	124) fail "'vanthu $*' did not finish in ${limit}s" ;;
	*) fail "'vanthu $*' exited $st (a signal or a crash)" ;;
	esac
}

check_store() {
	git --git-dir="$store" fsck --strict >"$tmp/fsck" 2>&1 ||
		{ cat "$tmp/fsck" >&2; fail "git fsck --strict of the store failed after $1"; }
	if git --git-dir="$store" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		git --git-dir="$store" ls-tree -r --name-only HEAD >"$tmp/paths"
		! grep -q '\.\.' "$tmp/paths" || fail "a path with '..' in the store after $1"
		! grep -q '^/' "$tmp/paths" || fail "an absolute path in the store after $1"
	fi
	leaked=$(find "$tmp" -name '*pwned*' 2>/dev/null | head -n 1)
	[ -z "$leaked" ] || fail "'$leaked' written outside the store after $1"
}

for f in "$h"/*.txt; do
	name=$(basename "$f")
	vtt parse --json "$f"
	ok_status parse --json "$f"
	note "parse  $name: $st"
	if [ "$st" = 0 ] && command -v python3 >/dev/null 2>&1; then
		# What it printed is JSON.
		python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>/dev/null ||
			fail "parse --json of $name printed something that is not JSON"
	fi
	vtt ingest "$f"
	ok_status ingest "$f"
	note "ingest $name: $st"
	check_store "ingest $name"
done

# The whole directory in one run, too.
vtt ingest "$h"
ok_status ingest "$h"
check_store "ingest of the folder"

# --- nothing outside the store -------------------------------------------
outside=$(find "$(dirname "$tmp")" -maxdepth 4 -name '*pwned*' -newer "$tmp/stamp" 2>/dev/null | head -n 1)
[ -z "$outside" ] || fail "'$outside' appeared outside the store"
[ -z "$(ls -A "$work/cwd")" ] || fail "vanthu wrote into its working folder: $(ls -A "$work/cwd")"

# --- the graph of whatever was kept renders ----------------------------------
if git --git-dir="$store" rev-parse -q --verify HEAD >/dev/null 2>&1; then
	vtt render --format dot -o "$tmp/graph.dot"
	ok_status render --format dot
	[ "$st" = 0 ] || fail "render --format dot of the store exited $st"
	command -v dot >/dev/null 2>&1 || fail "no 'dot' to check the render"
	dot -Tsvg "$tmp/graph.dot" >"$tmp/graph.svg" 2>"$tmp/dot.err" ||
		{ cat "$tmp/dot.err" >&2; fail "dot -Tsvg refused the rendered graph"; }
	! grep -q '<script' "$tmp/graph.svg" || fail "a <script> element got into the SVG"
	xmllint --noout "$tmp/graph.svg" 2>/dev/null || fail "the SVG is not well-formed XML"
fi
echo ok
