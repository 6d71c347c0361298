#!/usr/bin/env bash
# Installs everything `make test` needs, idempotently: each step checks first and
# installs only what is missing, so a second run takes seconds.
# Usage: scripts/setup.sh [rust|browsers|node|python|fuzz|all]...
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# The CLI must match the crate exactly, or wasm-pack tries to download one.
bindgen_version() { sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml; }

# The pinned compiler (scripts/toolchain) with what the build needs of it: rust-src, because the
# release build rebuilds std for size (scripts/build.sh), and the wasm target. Installed by its
# dated name, so another `nightly` on the machine, or a `rustup update`, changes nothing here.
setup_nightly() {
  . scripts/toolchain
  # RUSTUP_AUTO_INSTALL=0: asking a missing toolchain's version must not install it unasked.
  export RUSTUP_AUTO_INSTALL=0
  if [ "$(rustc "+$NIGHTLY" --version 2>/dev/null)" != "$NIGHTLY_RUSTC" ] \
    || ! rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src' \
    || ! rustup target list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "installing the Rust toolchain $NIGHTLY ($NIGHTLY_RUSTC) with rust-src and the wasm32 target"
    rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src \
      --target wasm32-unknown-unknown --no-self-update >&2 \
      || fail "rustup could not install $NIGHTLY. The package is built with exactly $NIGHTLY_RUSTC;" \
        "check that rustup can reach its distribution server (RUSTUP_DIST_SERVER), then run" \
        "scripts/setup.sh rust again"
  fi
  local have; have=$(rustc "+$NIGHTLY" --version 2>/dev/null || true)
  [ "$have" = "$NIGHTLY_RUSTC" ] \
    || fail "$NIGHTLY installed, but its rustc says '${have:-nothing}', not '$NIGHTLY_RUSTC'"
}

setup_rust() {
  # wasm-pack test and the wasm clippy run on the default toolchain.
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || { log "adding wasm32 target"; rustup target add wasm32-unknown-unknown; }
  setup_nightly
  have wasm-pack || { log "building wasm-pack (~7 min)"; cargo install wasm-pack; }
  local want; want=$(bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $want"; then
    log "building wasm-bindgen-cli $want (~9 min)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  # Debian's binaryen is too old for current rustc output.
  wasm-opt --version 2>/dev/null | grep -q 'version 132' \
    || { log "installing binaryen 132"; npm install -g --no-fund --no-audit binaryen@132 >/dev/null; }
}

apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

setup_browsers() {
  { have chromium && have chromedriver; } || { log "installing chromium"; apt_install chromium chromium-driver; }
  have firefox-esr || have firefox || { log "installing firefox-esr"; apt_install firefox-esr; }
  have geckodriver || { log "building geckodriver (~4 min)"; cargo install geckodriver; }
  # A Simplified Chinese font, so the page's Chinese (and CJK in logs) renders in the page tests'
  # screenshots; the page's font stack (www/style.css --sans) names it among others.
  fc-list :lang=zh | grep -q . || { log "installing a Chinese font (fonts-wqy-microhei)"; apt_install fonts-wqy-microhei; }
}

setup_node() {
  [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
    || { log "npm ci"; npm ci --no-fund --no-audit --loglevel=error >/dev/null; }
}

setup_python() {
  local venv=.venv
  [ -x $venv/bin/python ] || python3 -m venv $venv
  $venv/bin/python -c 'import ray, huaweicloudsdkcore' 2>/dev/null || {
    log "installing ray[default]==2.60.0 and huaweicloudsdkcore into $venv"
    $venv/bin/pip install -q --disable-pip-version-check "ray[default]==2.60.0" huaweicloudsdkcore
  }
}

setup_fuzz() {
  setup_nightly
  have cargo-fuzz || { log "building cargo-fuzz"; cargo install cargo-fuzz; }
}

[ $# -gt 0 ] || set -- all
for part in "$@"; do
  case $part in
    all) setup_rust; setup_browsers; setup_node; setup_python ;;
    rust|browsers|node|python|fuzz) "setup_$part" ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
done
