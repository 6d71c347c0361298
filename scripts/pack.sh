#!/usr/bin/env bash
# `make pack`: the npm tarball of the built package, jobglass-<version>.tgz in the repo root.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f pkg/package.json || { echo "run make build first" >&2; exit 1; }
npm pack ./pkg --pack-destination . --silent
