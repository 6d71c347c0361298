#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (web target, size-tuned release, wasm-opt -Oz),
# then scripts/package.mjs adds the per-runtime entry points and the final package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm-pack build --release --target web --out-dir pkg --out-name jobglass --no-pack 2>&1 \
  | grep -v -E '^\[INFO\]: (Checking|Compiling|Installing|Optimizing)' >&2 || true
test -f pkg/jobglass_bg.wasm || { echo "build failed: no pkg/jobglass_bg.wasm" >&2; exit 1; }
if [ -f scripts/package.mjs ]; then node scripts/package.mjs; fi
printf 'built pkg/: wasm %s bytes (%s gzip)\n' \
  "$(wc -c < pkg/jobglass_bg.wasm)" "$(gzip -9c pkg/jobglass_bg.wasm | wc -c)"
