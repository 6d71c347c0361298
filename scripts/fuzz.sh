#!/usr/bin/env bash
# Runs the fuzz targets named (default: all) for FUZZ_SECONDS each (default 60) and prints
# executions and crashes.
# Crashes are saved under fuzz/artifacts/<target>/; each becomes a regression test first.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
. ../scripts/toolchain
seconds=${FUZZ_SECONDS:-60}
status=0
for target in ${*:-$(cd fuzz_targets && ls *.rs | sed "s/\.rs$//")}; do
  mkdir -p "corpus/$target"
  # Seed the parsers with every fixture the tests use.
  case $target in
    sign | decode_logs | response_headers) ;;
    parse_dev_server_job*) cp ../tests/fixtures/modelarts/*.json "corpus/$target/" 2>/dev/null ;;
    inside) cp ../tests/fixtures/ray-live/inside/*.json "corpus/$target/" 2>/dev/null ;;
    *) cp ../tests/fixtures/{openyuanrong,ray}/*.json "corpus/$target/" 2>/dev/null ;;
  esac
  log=$(mktemp)
  cargo "+$NIGHTLY" fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 > "$log" 2>&1
  code=$?
  runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' | tail -1)
  crashes=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
  printf '%-28s %12s executions in %ss, %s crash files, exit %s\n' "$target" "${runs:-?}" "$seconds" "$crashes" "$code"
  [ "$code" -eq 0 ] || { status=1; tail -n 30 "$log"; }
  rm -f "$log"
done
exit $status
