#!/usr/bin/env bash
# `make dev` (scripts/dev.sh starts it): the page (www/) with Vite on 127.0.0.1:${PORT:-8080}, hot
# reload, its /api and /c calls sent to the console worker at JOBGLASS_CONSOLE; expects pkg/ built.
# JOBGLASS_CONNECT_SRC lists origins the page may call directly. For a developer's machine only.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "jobglass page (Vite): http://127.0.0.1:${PORT:-8080}/"
exec node_modules/.bin/vite --config vite.config.mjs --logLevel "${VITE_LOG_LEVEL:-info}"
