#!/bin/sh
# Safety: kill -9 at random moments during a large ingest leaves the last
# complete commit (git fsck --strict clean, no torn ref), and running the
# same ingest again completes it; two ingests at once both land.
#   VANTHU_SAFETY_DOCS  documents to ingest (default 3000)
set -eu
. "$(dirname "$0")/lib/common.sh"

# Kill tests gain nothing from valgrind, and 3,000 documents under it take hours.
[ -z "${VANTHU_WRAP:-}" ] || { note "skip: safety under \$VANTHU_WRAP"; exit 0; }
ndocs=${VANTHU_SAFETY_DOCS:-3000}
kills=${VANTHU_SAFETY_KILLS:-5}
gen=$root/tests/bench/gen.py
python3 "$gen" "$ndocs" "$tmp/docs" 7
python3 "$gen" 200 "$tmp/other" 99   # different documents (other numbers)
# other/: numbers 1000.. as well, but other seeds and provinces differ; make
# them distinct for sure by renumbering.
find "$tmp/other" -name '*.txt' | while read -r f; do
	sed -i 's#^Số: 1\([0-9]*\)/#Số: 9\1/#' "$f"
done

fsck() {
	git --git-dir="$store" fsck --strict >"$tmp/fsck" 2>&1 ||
		{ cat "$tmp/fsck" >&2; fail "git fsck --strict after $1"; }
}

count() {
	git --git-dir="$store" ls-tree -r --name-only HEAD records 2>/dev/null | wc -l
}

run 0 init
# Something committed first, so that a kill must leave exactly that.
run 0 ingest "$samples"
base=$(git --git-dir="$store" rev-parse HEAD)
nbase=$(count)
total=$((ndocs + nbase))

i=0
while [ "$i" -lt "$kills" ]; do
	i=$((i + 1))
	"$bin" ingest "$tmp/docs" >"$tmp/ingest.out" 2>&1 &
	pid=$!
	# A random moment of the run, the commit included (~7 s for 3,000).
	delay=$(python3 -c "import random; print(round(random.uniform(0.05, float('${VANTHU_SAFETY_MAXDELAY:-7}')), 2))")
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	fsck "kill $i at ${delay}s"
	head=$(git --git-dir="$store" rev-parse HEAD)
	n=$(count)
	# Either nothing of the run or all of it: never a part.
	if [ "$head" != "$base" ] && [ "$n" -ne "$total" ]; then
		fail "kill $i at ${delay}s: HEAD moved with $n records"
	fi
	note "kill $i at ${delay}s: fsck clean, $n records"
	# The rerun completes.
	run 0 ingest "$tmp/docs"
	fsck "the rerun after kill $i"
	n=$(count)
	[ "$n" -eq "$total" ] || fail "rerun after kill $i: $n records, want $total"
	# The next round kills a run that has everything to do again.
	rm -rf "$store"
	run 0 init
	run 0 ingest "$samples"
	base=$(git --git-dir="$store" rev-parse HEAD)
done

# Two ingests at once, of different documents: both land.
"$bin" ingest "$tmp/docs" >"$tmp/a.out" 2>&1 &
pa=$!
"$bin" ingest "$tmp/other" >"$tmp/b.out" 2>&1 &
pb=$!
sa=0
sb=0
wait "$pa" || sa=$?
wait "$pb" || sb=$?
[ "$sa" = 0 ] || { cat "$tmp/a.out" >&2; fail "first concurrent ingest exited $sa"; }
[ "$sb" = 0 ] || { cat "$tmp/b.out" >&2; fail "second concurrent ingest exited $sb"; }
fsck "two concurrent ingests"
n=$(count)
[ "$n" -eq $((total + 200)) ] || fail "concurrent ingests: $n records, want $((total + 200))"
[ "$(git --git-dir="$store" rev-list --count HEAD)" = 3 ] || fail "concurrent ingests: not two new commits"
note "ok safety ($kills kills during $ndocs documents; two concurrent ingests)"
