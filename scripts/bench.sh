#!/usr/bin/env bash
# `make bench`: Node and headless Chromium figures, one report (also target/bench/report.md).
set -euo pipefail
cd "$(dirname "$0")/.."
node bench/report.mjs
