#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (web target, release, wasm-opt -Oz),
# then scripts/package.mjs adds the per-runtime entry points and the final package.json.
#
# The module is built with one pinned nightly compiler (scripts/toolchain) and its rust-src, so
# that one commit always gives the same bytes: std is rebuilt with `panic=immediate-abort` (no
# panic messages or formatting machinery in the module, about 20 KB less). Any other compiler
# is refused rather than silently giving a different module. OUT (default pkg) names the
# output folder; `make test` builds a second copy to check that builds are reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet() { grep -v -E '^\[INFO\]' >&2 || true; }
. scripts/toolchain
have=$(RUSTUP_AUTO_INSTALL=0 rustc "+$NIGHTLY" --version 2>/dev/null || true)
if [ "$have" != "$NIGHTLY_RUSTC" ] \
  || ! rustup component list --toolchain "$NIGHTLY" --installed | grep -q '^rust-src'; then
  echo "build: needs the toolchain $NIGHTLY ($NIGHTLY_RUSTC) with rust-src; found: ${have:-none}." >&2
  echo "       scripts/setup.sh rust installs it (about 10 s)." >&2
  exit 1
fi
export RUSTUP_TOOLCHAIN=$NIGHTLY RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
# trim-paths: the paths of the sources, the crates and the standard library are written as
# relative or fixed names, so a build from another folder, cargo home or rustup home gives the
# same bytes.
export CARGO_PROFILE_RELEASE_TRIM_PATHS=all
std=(-Z build-std=std,panic_abort -Z trim-paths)
# Built beside the output and moved into place at the end, so a failed build leaves the last good
# package where tests and the demo server find it.
final=${OUT:-pkg}
out=$final.building
rm -rf "$out"
# wasm_pack OUT_DIR [CARGO_ARGS...]
wasm_pack() {
  local out=$1; shift
  wasm-pack build . --release --target web --out-dir "$out" --out-name jobglass --no-pack \
    "${std[@]}" "$@" 2>&1 | quiet
}
wasm_pack "$out"
# `jobglass/parse`: the parsers, isJobglassError and signRequest without the fetch client, built
# for size (Cargo.toml's profile says why the full module is not).
CARGO_PROFILE_RELEASE_OPT_LEVEL=z wasm_pack "$out/parse" --no-default-features
for f in "$out/jobglass_bg.wasm" "$out/parse/jobglass_bg.wasm"; do
  test -f "$f" || { echo "build failed: no $f" >&2; exit 1; }
done
node scripts/package.mjs "$out"
rm -rf "$final"
mv "$out" "$final"
out=$final
size() { printf '%s bytes (%s gzip)' "$(wc -c < "$1")" "$(gzip -9c "$1" | wc -c)"; }
printf 'built pkg/: wasm %s, JS glue %s; parse-only pkg/parse/: wasm %s\n' \
  "$(size "$out/jobglass_bg.wasm")" "$(size "$out/jobglass.js")" "$(size "$out/parse/jobglass_bg.wasm")"
