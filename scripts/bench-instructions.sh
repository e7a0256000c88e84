#!/usr/bin/env bash
# `make bench-instructions`: the layer graph of IMAGES images and LAYERS layers rendered in process
# (store snapshot → graph → DOT → libgvc → SVG, the whole process) against `dot -Tsvg` on the same
# DOT text, counted in instructions by callgrind. Unlike seconds on a shared virtual machine, the
# counts repeat exactly, whatever the neighbours do. Under callgrind each side runs about 50 times
# slower than natively: some 20 minutes each at 1,000 images.
set -euo pipefail

bench=$(realpath "${1:-.build/release/layerlab-bench}")
images=${2:-1000}
layers=${3:-5000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# valgrind 3.19 gives up on the DWARF 5 that Swift 6.3 writes, so it runs a copy without it.
cp "$bench" "$work/bench"
strip --strip-debug "$work/bench"
"$work/bench" --write-dot "$work/graph.dot" "$images" "$layers"

instructions() { # the command's total instruction count
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\)$/\1/p'
}

echo "layer graph of $images images and $layers layers ($(wc -c <"$work/graph.dot") bytes of DOT), under callgrind:"
ours=$(instructions "$work/bench" --render-once "$images" "$layers")
echo "  layerlab, in process: $ours instructions"
dot=$(instructions dot -Tsvg -o /dev/null "$work/graph.dot")
echo "  dot -Tsvg:            $dot instructions"
echo "  ratio:                $(echo "scale=3; $ours / $dot" | bc)× (goal: ≤ 1.2×)"
