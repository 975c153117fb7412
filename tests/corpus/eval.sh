#!/bin/sh
# Score the parser on our own sample corpus (tests/corpus/samples) with the
# shared scorer; fail below 0.9.  Run from the project root, or by
# `make eval` (which sets VANTHU_BUILD).  Also prints the score on the
# shared real documents (../shared/corpus) when they are there.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${VANTHU_BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
score=$root/../shared/eval/score.py
if [ ! -f "$score" ]; then
	echo "eval: skipped: no scorer at '$score'"
	exit 0
fi
if [ ! -x "$build/vanthu" ]; then
	echo "eval: no binary at '$build/vanthu' (run make first)" >&2
	exit 2
fi
# the shared real documents, when the checkout sits beside them: shown, not gated
if [ -d "$root/../shared/corpus" ]; then
	echo "eval: shared corpus ($root/../shared/corpus)"
	python3 "$score" --bin "$build/vanthu" "$root/../shared/corpus" | tail -n 1
fi
echo "eval: own samples (threshold 0.9)"
exec python3 "$score" --bin "$build/vanthu" --min 0.9 -v "$root/tests/corpus/samples"
