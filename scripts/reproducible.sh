#!/usr/bin/env bash
# Builds the package again as a stranger's machine would, and compares every file with pkg/:
# - from a copy of the sources in another folder, with a cargo home of its own (so the paths of
#   the sources, the registry and the standard library all differ from the first build's);
# - with a rustup home of its own whose only toolchain is another nightly, the default: there
#   `scripts/setup.sh rust` must install the pinned compiler by date, and the build must use it.
# One commit must give the same bytes anywhere (scripts/build.sh remaps the paths).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# A nightly that is not the pinned one (scripts/toolchain).
other=nightly-2026-06-01
away=$root/target/elsewhere
rm -rf "$away"
mkdir -p "$away/jobglass"
# The sources as they are now, committed or not (what `git clone` would give, plus edits).
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -xf - -C "$away/jobglass"

export RUSTUP_HOME=$away/rustup CARGO_HOME=$away/cargo
# The tools `make test` installed (wasm-pack, wasm-bindgen, wasm-opt) stay on PATH; the rustup
# proxies in it follow RUSTUP_HOME.
export PATH="$HOME/.cargo/bin:$PATH"
rustup set auto-self-update disable >/dev/null 2>&1
rustup toolchain install "$other" --profile minimal --no-self-update >/dev/null 2>&1
rustup default "$other" >/dev/null 2>&1
echo "second machine: default toolchain $(rustc --version)"

cd "$away/jobglass"
scripts/setup.sh rust
scripts/build.sh >/dev/null
cd "$root"
diff -r pkg "$away/jobglass/pkg"
echo "pkg/ and a build from $away/jobglass (own RUSTUP_HOME and CARGO_HOME, default $other) are identical: $(find pkg -type f | wc -l) files"
rm -rf "$away"
