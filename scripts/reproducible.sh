#!/usr/bin/env bash
# Builds the package a second time, from an empty target folder, and compares every file of it
# with pkg/: the pinned compiler (scripts/toolchain) must make one commit give the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
second=target/reproducible
rm -rf "$second" target/reproducible-cargo
CARGO_TARGET_DIR=target/reproducible-cargo OUT=$second scripts/build.sh >/dev/null
diff -r pkg "$second" && echo "pkg/ and a second clean build are identical: $(find pkg -type f | wc -l) files"
