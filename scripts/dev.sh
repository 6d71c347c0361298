#!/usr/bin/env bash
# `make dev`: for working on the page. Vite serves www/ on 127.0.0.1:${PORT:-8080} with hot
# reload, and sends the page's /api and /c calls to the console worker (scripts/demo.sh, the same
# worker `make demo` runs) on the next port, so the page meets the console's real rules.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
worker_port=$((port + 1))
# In a process group of its own, so that stopping it stops wrangler and workerd too.
PORT=$worker_port setsid scripts/demo.sh &
worker=$!
trap 'kill -TERM -- "-$worker" 2>/dev/null; wait 2>/dev/null' EXIT
trap 'exit 143' INT TERM
for _ in $(seq 300); do
  curl -s -o /dev/null "http://127.0.0.1:$worker_port/api/clusters" && break
  kill -0 "$worker" 2>/dev/null || { echo "the console worker did not start" >&2; exit 1; }
  sleep 0.2
done
JOBGLASS_CONSOLE="http://127.0.0.1:$worker_port" scripts/vite.sh
