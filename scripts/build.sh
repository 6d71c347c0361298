#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (web target, size-tuned release, wasm-opt -Oz),
# then scripts/package.mjs adds the per-runtime entry points and the final package.json.
#
# With a nightly toolchain and its rust-src (scripts/setup.sh installs them), std is rebuilt
# with `panic=immediate-abort`: no panic messages or formatting machinery in the module,
# about 20 KB less. Without them the stable build is used, and this says so.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet() { grep -v -E '^\[INFO\]' >&2 || true; }
rm -rf pkg
if rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
  RUSTUP_TOOLCHAIN=nightly RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    wasm-pack build . --release --target web --out-dir pkg --out-name jobglass --no-pack \
    -Z build-std=std,panic_abort 2>&1 | quiet
else
  echo "build: no nightly rust-src; building with stable (larger module)" >&2
  wasm-pack build . --release --target web --out-dir pkg --out-name jobglass --no-pack 2>&1 | quiet
fi
test -f pkg/jobglass_bg.wasm || { echo "build failed: no pkg/jobglass_bg.wasm" >&2; exit 1; }
if [ -f scripts/package.mjs ]; then node scripts/package.mjs; fi
printf 'built pkg/: wasm %s bytes (%s gzip), JS glue %s bytes (%s gzip)\n' \
  "$(wc -c < pkg/jobglass_bg.wasm)" "$(gzip -9c pkg/jobglass_bg.wasm | wc -c)" \
  "$(wc -c < pkg/jobglass.js)" "$(gzip -9c pkg/jobglass.js | wc -c)"
