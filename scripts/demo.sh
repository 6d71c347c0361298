#!/usr/bin/env bash
# `make demo`: the console (worker/, docs/console.md) in workerd through `wrangler dev`, serving
# the built page on http://127.0.0.1:${PORT:-8080}/. Expects pkg/ built and node_modules
# installed (the Makefile sees to both). Configuration comes from the environment (JOBGLASS_*,
# HUAWEICLOUD_*, the secrets JOBGLASS_CLUSTERS names); with none it serves the samples cluster,
# sign-in `none` (this machine only). State (D1, caches) is kept in ${JOBGLASS_STATE_DIR:-.jobglass}.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
state=${JOBGLASS_STATE_DIR:-.jobglass}

# A bad configuration stops here, with a message naming the entry.
node worker/check-config.mjs
node scripts/console-page.mjs

# Secrets go to wrangler in a file only this user can read, never on its command line.
envdir=$(mktemp -d)
trap 'rm -rf "$envdir"' EXIT
trap 'exit 143' INT TERM
node scripts/console-env.mjs "$envdir/console.env"

echo "jobglass console: http://127.0.0.1:$port/"
# wrangler's `Request.cf` lookup needs the internet and changes nothing here; its warning goes.
WRANGLER_SEND_METRICS=false node_modules/.bin/wrangler dev --config worker/wrangler.toml \
  --ip 127.0.0.1 --port "$port" --persist-to "$state" --env-file "$envdir/console.env" \
  --show-interactive-dev-session=false 2>&1 \
  | grep --line-buffered -v -E 'Unable to fetch the `Request.cf` object|getaddrinfo ENOTFOUND workers\.cloudflare\.com|at GetAddrInfoReqWrap|callbackTrampoline|^\s*$'
