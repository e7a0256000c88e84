#!/usr/bin/env bash
# `make bench`: what tracing costs. The same import/tag/rmi cycle runs N times on a fresh store
# without and with --trace, alternating, and the totals are printed side by side.
set -euo pipefail

bin=$(realpath "${1:-.build/release/layerlab}")
rounds=${ROUNDS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/tree/etc" "$work/tree/bin"
head -c 4000000 /dev/urandom >"$work/tree/bin/blob"
echo hi >"$work/tree/etc/hello"
tar -C "$work/tree" -cf "$work/layer.tar" .

cycle() { # $1: store, $2...: extra flags
  local store=$1
  shift
  "$bin" import "$work/layer.tar" bench:v1 --root "$store" "$@" >/dev/null
  "$bin" tag bench:v1 bench:v2 --root "$store" "$@"
  "$bin" rmi bench:v1 bench:v2 --root "$store" "$@" >/dev/null
}

now() { date +%s%N; }
plain=0
traced=0
for ((i = 0; i < rounds; i++)); do
  start=$(now); cycle "$work/plain"; plain=$((plain + $(now) - start))
  start=$(now); cycle "$work/traced" --trace "$work/trace.jsonl"; traced=$((traced + $(now) - start))
done

per() { echo "scale=2; $1 / $rounds / 1000000" | bc; }
echo "import+tag+rmi of a 4 MB layer, $rounds rounds:"
echo "  without --trace: $(per $plain) ms per cycle"
echo "  with --trace:    $(per $traced) ms per cycle ($(wc -l <"$work/trace.jsonl") events in the last command's trace)"
echo "  overhead:        $(echo "scale=1; ($traced - $plain) * 100 / $plain" | bc)%"
