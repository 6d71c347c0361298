#!/usr/bin/env bash
# Installs everything `make test` needs, idempotently: each step checks first and
# installs only what is missing, so a second run takes seconds.
# Usage: scripts/setup.sh [rust|browsers|node|python|fuzz|all]...
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# The CLI must match the crate exactly, or wasm-pack tries to download one.
bindgen_version() { sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml; }

setup_rust() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || { log "adding wasm32 target"; rustup target add wasm32-unknown-unknown; }
  # The release build rebuilds std for size with nightly (scripts/build.sh); rustup fetches
  # rust-src like any component. Failure is not fatal: the build falls back to stable.
  if rustup toolchain list | grep -q '^nightly' \
    && ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
    log "adding rust-src to nightly"; rustup component add rust-src --toolchain nightly || true
  fi
  # wasm-pack checks that the toolchain it builds with has the target.
  if rustup toolchain list | grep -q '^nightly' \
    && ! rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown --toolchain nightly || true
  fi
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
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
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
