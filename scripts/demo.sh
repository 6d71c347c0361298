#!/usr/bin/env bash
# `make demo`: the console (worker/, docs/console.md) in workerd through `wrangler dev`, serving
# the built page on http://127.0.0.1:${PORT:-8080}/. Expects pkg/ built and node_modules
# installed (the Makefile sees to both). Configuration comes from the environment (JOBGLASS_*,
# HUAWEICLOUD_*, the secrets JOBGLASS_CLUSTERS names); with none it serves the samples cluster,
# sign-in `none` (this machine only). JOBGLASS_ENV_FILE names a .env file of more settings and
# secrets (mode 600; the environment wins over it). State is kept in ${JOBGLASS_STATE_DIR:-.jobglass}.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
state=${JOBGLASS_STATE_DIR:-.jobglass}

files=()
if [ -n "${JOBGLASS_ENV_FILE:-}" ]; then
  [ -r "$JOBGLASS_ENV_FILE" ] || { echo "jobglass console: JOBGLASS_ENV_FILE $JOBGLASS_ENV_FILE cannot be read" >&2; exit 1; }
  files=(--env-file "$JOBGLASS_ENV_FILE")
fi

# The watch round (docs/notifications.md): wrangler dev runs no Cron Trigger, so a Durable
# Object's alarm is the clock; messages link to this address unless JOBGLASS_ORIGIN says another.
export JOBGLASS_WATCH_CLOCK=alarm
if [ -n "${JOBGLASS_NOTIFY:-}" ] && [ -z "${JOBGLASS_ORIGIN:-}" ]; then export JOBGLASS_ORIGIN="http://127.0.0.1:$port"; fi

# A bad configuration stops here, with a message naming the entry.
node ${JOBGLASS_ENV_FILE:+--env-file="$JOBGLASS_ENV_FILE"} worker/check-config.mjs
node scripts/console-page.mjs

# Secrets go to wrangler in a file only this user can read, never on its command line.
envdir=$(mktemp -d)
trap 'rm -rf "$envdir"' EXIT
trap 'exit 143' INT TERM
node scripts/console-env.mjs "$envdir/console.env"

# Each job's last state and the history: D1 as SQLite in $state, its schema brought up to date.
if ! migrated=$(WRANGLER_SEND_METRICS=false node_modules/.bin/wrangler d1 migrations apply JOBGLASS_DB --local \
  --config worker/wrangler.toml --persist-to "$state" 2>&1 </dev/null); then
  echo "$migrated" >&2
  echo "jobglass console: the D1 schema (worker/migrations/) could not be applied in $state" >&2
  exit 1
fi

echo "jobglass console: http://127.0.0.1:$port/"
# The clock starts on the worker's first request: one from here, once it answers.
node -e 'const u = process.argv[1]; (async () => { for (let i = 0; i < 600; i++) { try { await fetch(u); return; } catch { await new Promise((r) => setTimeout(r, 500)); } } })()' \
  "http://127.0.0.1:$port/api/clusters" &
# Only what a user can act on: wrangler's `Request.cf` lookup needs the internet and changes
# nothing here, its update notice is about a pinned devDependency, its temporary env file is ours,
# "Network connection lost" is its dev proxy seeing a viewer close a log tail, and its advice to
# trigger the Cron Trigger by hand does not apply: here the Durable Object clock runs the round.
WRANGLER_SEND_METRICS=false node_modules/.bin/wrangler dev --config worker/wrangler.toml \
  --ip 127.0.0.1 --port "$port" --persist-to "$state" ${files[@]+"${files[@]}"} --env-file "$envdir/console.env" \
  --show-interactive-dev-session=false 2>&1 \
  | grep --line-buffered -v -E 'Unable to fetch the `Request.cf` object|getaddrinfo ENOTFOUND workers\.cloudflare\.com|at GetAddrInfoReqWrap|callbackTrampoline|^Using secrets defined in|Uncaught Error: Network connection lost|Scheduled Workers are not automatically triggered|To manually trigger a scheduled event|cdn-cgi/handler/scheduled|cron-triggers/#test-cron-triggers-locally|^\s*$' \
  | sed -u -E 's/ \(update available [^)]*\)//'
