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
std=()
if rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
  export RUSTUP_TOOLCHAIN=nightly RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
  std=(-Z build-std=std,panic_abort)
else
  echo "build: no nightly rust-src; building with stable (larger module)" >&2
fi
# wasm_pack OUT_DIR [CARGO_ARGS...]
wasm_pack() {
  local out=$1; shift
  wasm-pack build . --release --target web --out-dir "$out" --out-name jobglass --no-pack \
    "${std[@]}" "$@" 2>&1 | quiet
}
wasm_pack pkg
# `jobglass/parse`: the parsers, isJobglassError and signRequest without the fetch client.
wasm_pack pkg/parse --no-default-features
for f in pkg/jobglass_bg.wasm pkg/parse/jobglass_bg.wasm; do
  test -f "$f" || { echo "build failed: no $f" >&2; exit 1; }
done
if [ -f scripts/package.mjs ]; then node scripts/package.mjs; fi
size() { printf '%s bytes (%s gzip)' "$(wc -c < "$1")" "$(gzip -9c "$1" | wc -c)"; }
printf 'built pkg/: wasm %s, JS glue %s; parse-only pkg/parse/: wasm %s\n' \
  "$(size pkg/jobglass_bg.wasm)" "$(size pkg/jobglass.js)" "$(size pkg/parse/jobglass_bg.wasm)"
