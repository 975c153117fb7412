#!/bin/sh
# make bench: the graph benchmark (tests/bench/graph/bench_graph.c).
#   VANTHU_BUILD  build folder (default build); BENCH_GRAPH_DOCS  documents (1000000)
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${VANTHU_BUILD:-$root/build}
bin=$build/bench/bench_graph
[ -x "$bin" ] || { echo "no '$bin'; run 'make bench'" >&2; exit 1; }
command -v dot >/dev/null || { echo "bench: no 'dot' command for the baseline" >&2; exit 1; }
"$bin" index "${BENCH_GRAPH_DOCS:-1000000}"
"$bin" render
