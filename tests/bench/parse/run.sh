#!/bin/sh
# make bench: the parse benchmark (tests/bench/parse/bench_parse.c) on
# synthetic dispatches (tests/bench/gen.py) and the project's samples.
#   VANTHU_BUILD  build folder (default build); BENCH_PARSE_DOCS  synthetic documents (1000)
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${VANTHU_BUILD:-$root/build}
bin=$build/bench/bench_parse
[ -x "$bin" ] || { echo "no '$bin'; run 'make bench'" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vanthu-bench-parse.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$root/tests/bench/gen.py" "${BENCH_PARSE_DOCS:-1000}" "$tmp" 3
# shellcheck disable=SC2046
"$bin" "$build/plugins" $(find "$tmp" -name '*.txt' | sort) "$root"/tests/corpus/samples/*.txt
