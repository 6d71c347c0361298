#!/usr/bin/env bash
# `make dev` (and the page tests): the job details page (www/) with Vite on 127.0.0.1:${PORT:-8080}; expects pkg/ built.
# JOBGLASS_UPSTREAM, JOBGLASS_MODELARTS_UPSTREAM, HUAWEICLOUD_* configure its proxy;
# JOBGLASS_CONNECT_SRC lists origins the page may call directly, JOBGLASS_ALLOW_ACTIONS=1 lets the
# page stop and delete jobs (README "Security"). For a developer's machine only, never the internet.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "jobglass demo: http://127.0.0.1:${PORT:-8080}/"
exec node_modules/.bin/vite --config vite.config.mjs --logLevel "${VITE_LOG_LEVEL:-info}"
