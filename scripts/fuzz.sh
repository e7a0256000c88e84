#!/usr/bin/env bash
# Runs libFuzzer on every fuzz target for SECONDS each, starting from the committed corpus in
# Fuzz/corpus/<target>/ (one folder per target). New inputs go to .build-fuzz/corpus/<target>/,
# never into the repository; a crash is written to Fuzz/crashes/ and fails the run. To keep a
# crash as a regression test, fix the bug and move the input into Fuzz/corpus/<target>/: the
# corpus runs in `make test` (Tests/FuzzTargetTests).
#   scripts/fuzz.sh BINARY SECONDS
set -uo pipefail
binary=$1
seconds=$2
cd "$(dirname "$0")/.."
mkdir -p Fuzz/crashes .build-fuzz/corpus
buildkit=../shared/peer-tests/buildkit/frontend/dockerfile
failed=()
printf '%-12s %12s %10s %8s\n' target executions "exec/s" corpus
for folder in Fuzz/corpus/*/; do
  target=$(basename "$folder")
  work=.build-fuzz/corpus/$target
  mkdir -p "$work"
  log=.build-fuzz/$target.log
  seeds=("$folder")
  # BuildKit's parser test vectors (read-only beside the repository) seed the Dockerfile parser too.
  if [[ $target == dockerfile && -d $buildkit ]]; then seeds+=("$buildkit"); fi
  LAYERLAB_FUZZ_TARGET=$target "$binary" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
    -timeout=10 -artifact_prefix="Fuzz/crashes/$target-" "$work" "${seeds[@]}" >"$log" 2>&1
  status=$?
  runs=$(awk '/stat::number_of_executed_units:/ {print $2}' "$log")
  speed=$(awk '/stat::average_exec_per_sec:/ {print $2}' "$log")
  size=$(find "$work" -type f | wc -l)
  printf '%-12s %12s %10s %8s\n' "$target" "${runs:-0}" "${speed:-0}" "$size"
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "  $target failed (status $status); the input is in Fuzz/crashes/, the log in $log:" >&2
    grep -E 'ERROR|Fatal error|Precondition failed|SUMMARY' "$log" | head -5 >&2
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found crashes in: ${failed[*]}" >&2
  exit 1
fi
