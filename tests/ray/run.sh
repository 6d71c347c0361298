#!/usr/bin/env bash
# Starts a real Ray head from the venv (loopback only), records Ray's own view of the test
# jobs, runs the Node and browser comparisons, and stops Ray whatever happens. Given test files,
# runs only those (tests/ray/run.sh tests/js/ray-actions.test.mjs).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
py=$root/.venv/bin/python
ray=$root/.venv/bin/ray
out=$root/target/ray
rm -rf "$out"; mkdir -p "$out"
temp=$(mktemp -d /tmp/jobglass-ray.XXXXXX)

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
gcs=$(free_port); dashboard=$(free_port)

stop() { RAY_TMPDIR=$temp "$ray" stop --force >/dev/null 2>&1; rm -rf "$temp"; }
trap stop EXIT INT TERM

export RAY_USAGE_STATS_ENABLED=0 RAY_ADDRESS=127.0.0.1:$gcs
"$ray" start --head --node-ip-address=127.0.0.1 --port="$gcs" --dashboard-host=127.0.0.1 \
  --dashboard-port="$dashboard" --include-dashboard=true --num-cpus=2 --disable-usage-stats \
  --temp-dir="$temp" > "$out/ray-start.log" 2>&1 || { cat "$out/ray-start.log"; exit 1; }

export JOBGLASS_RAY=http://127.0.0.1:$dashboard JOBGLASS_RAY_TRUTH=$out/truth.json
for _ in $(seq 60); do curl -sf "$JOBGLASS_RAY/api/version" >/dev/null && break; sleep 0.5; done
"$py" tests/ray/truth.py "$JOBGLASS_RAY" "$out" || exit 1
[ $# -gt 0 ] || set -- tests/js/ray.test.mjs tests/page/ray-page.test.mjs tests/js/ray-actions.test.mjs \
  tests/page/ray-actions.test.mjs tests/js/ray-logs.test.mjs tests/page/ray-logs.test.mjs tests/js/ray-console.test.mjs \
  tests/js/ray-inside.test.mjs tests/page/ray-inside.test.mjs
node --test "$@"
