#!/usr/bin/env bash
# `make bench`: Node and headless Chromium figures, one report (also target/bench/report.md).
set -euo pipefail
cd "$(dirname "$0")/.."
node bench/report.mjs
# The jobs list at 10,000 and 100,000 jobs, wasm against JSON.parse + plain JS (target/bench/list.md).
node bench/list.mjs
# The console under workerd with many viewers: shared reads and log tails against none (docs/performance.md).
node bench/console-viewers.mjs
# The console's watch round at 100,000 jobs: time and D1 rows written per round (docs/notifications.md).
node bench/console-watch.mjs
# Search all logs: searchJobLogs over 40 files, 200 MB, against fetch + search in plain JS.
node bench/search.mjs | tee target/bench/search.json
