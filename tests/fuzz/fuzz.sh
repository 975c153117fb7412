#!/bin/sh
# Run libFuzzer harnesses (make fuzz calls this): each for $FUZZTIME
# seconds on a scratch copy of its seed corpus, with the dictionary.
#
#   sh tests/fuzz/fuzz.sh [HARNESS...]     (default: every harness)
#
#   VANTHU_BUILD=build   where $VANTHU_BUILD/fuzz/fuzz_<h> and plugins are
#   FUZZTIME=10          seconds per harness
#   FUZZ_MAXLEN=8192     longest input libFuzzer makes
#   FUZZ_ARGS=           more libFuzzer options ("-jobs=2 -workers=2")
#
# New inputs go to $VANTHU_BUILD/fuzz/work/<h>/, crashes to
# $VANTHU_BUILD/fuzz/artifacts/<h>/; the tracked folders are only read.
# A crash fails the run: copy its input into tests/fuzz/crashes/<h>/ so
# that make test replays it forever.
set -eu

cd "$(dirname "$0")/../.."
build=${VANTHU_BUILD:-build}
time=${FUZZTIME:-10}
maxlen=${FUZZ_MAXLEN:-8192}
VANTHU_BUILD=$build
export VANTHU_BUILD

if [ $# = 0 ]; then
	set -- $(ls tests/fuzz/fuzz_*.c | sed 's,.*/fuzz_,,; s,\.c$,,')
fi

failed=
for h in "$@"; do
	bin=$build/fuzz/fuzz_$h
	[ -x "$bin" ] || { echo "fuzz.sh: no '$bin' (make fuzz-build)" >&2; exit 2; }
	work=$build/fuzz/work/$h
	art=$build/fuzz/artifacts/$h
	mkdir -p "$work" "$art"
	# Seeds first, then what earlier runs found (kept in work/).
	if [ -d "tests/fuzz/corpus/$h" ]; then
		cp -p tests/fuzz/corpus/"$h"/* "$work"/ 2>/dev/null || true
	fi
	if [ -d "tests/fuzz/crashes/$h" ]; then
		cp -p tests/fuzz/crashes/"$h"/* "$work"/ 2>/dev/null || true
	fi
	log=$build/fuzz/$h.log
	echo "fuzz: $h for ${time}s (log $log)"
	st=0
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$time" -max_len="$maxlen" -timeout=20 \
		-rss_limit_mb=4096 -dict=tests/fuzz/vanthu.dict \
		-artifact_prefix="$art/" -print_final_stats=1 ${FUZZ_ARGS:-} \
		"$work" >"$log" 2>&1 || st=$?
	grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^#[0-9]+.*DONE' \
		"$log" | sed "s/^/  $h: /" || true
	if [ "$st" != 0 ]; then
		echo "fuzz: $h FAILED (status $st); inputs in $art/:" >&2
		ls "$art" >&2 || true
		grep -E 'ERROR: |invariant failed|SUMMARY|^    #[0-9] ' "$log" | head -n 20 >&2 || true
		failed="$failed $h"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: crashes in:$failed" >&2
	exit 1
fi
echo "fuzz: no crash"
