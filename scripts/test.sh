#!/usr/bin/env bash
# `make test`: installs what is missing, builds the package, starts the server doubles, runs
# every suite (logs in target/test-logs/), stops what it started, and ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
logs=target/test-logs
mkdir -p "$logs"

scripts/setup.sh all || { echo "setup failed" >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PATH"
scripts/build.sh || { echo "build failed" >&2; exit 1; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT INT TERM

# The scripted servers (openYuanrong replay, ModelArts double, Ray-like faults) on a free port.
node tests/servers/doubles.mjs > "$logs/doubles.out" 2> "$logs/doubles.err" &
pids+=($!)
for _ in $(seq 100); do
  JOBGLASS_DOUBLES=$(sed -n 's/^listening \(http:[^ ]*\)$/\1/p' "$logs/doubles.out")
  [ -n "$JOBGLASS_DOUBLES" ] && break
  sleep 0.1
done
[ -n "$JOBGLASS_DOUBLES" ] || { echo "the server doubles did not start" >&2; cat "$logs/doubles.err" >&2; exit 1; }
export JOBGLASS_DOUBLES

passed=(); failed=()
# run NAME COMMAND...: one suite, its output in target/test-logs/NAME.log.
run() {
  local name=$1; shift
  local started=$SECONDS
  if "$@" > "$logs/$name.log" 2>&1; then
    passed+=("$name"); printf '  pass  %-14s %4ss\n' "$name" $((SECONDS - started))
  else
    failed+=("$name"); printf '  FAIL  %-14s %4ss  (last lines of %s)\n' "$name" $((SECONDS - started)) "$logs/$name.log"
    tail -n 25 "$logs/$name.log" | sed 's/^/        /'
  fi
}

echo "running suites:"
run lint make -s lint
run native cargo test --features crosscheck
run wasm-node wasm-pack test --node -- --test node
run wasm-chrome env CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome -- --test browser --test worker
run wasm-firefox env GECKODRIVER="$(command -v geckodriver)" wasm-pack test --headless --firefox -- --test browser --test worker
run node-doubles node --test tests/js/i18n.test.mjs tests/js/timeline.test.mjs tests/servers/signing.test.mjs tests/js/replay.test.mjs tests/js/faults.test.mjs tests/js/logs.test.mjs tests/js/inside.test.mjs
# The same suites through the Node entry's fetch (node:http), that fetch itself, and options.fetch
# in Node and workerd.
run node-http env JOBGLASS_FETCH=node node --test tests/js/replay.test.mjs tests/js/faults.test.mjs tests/js/logs.test.mjs tests/js/node-http.test.mjs tests/js/fetch-option.test.mjs
run page node --test --test-concurrency=1 tests/page/page.test.mjs tests/page/console-security.test.mjs tests/page/console.test.mjs tests/page/actions.test.mjs tests/page/logs.test.mjs tests/page/list.test.mjs tests/page/list-errors.test.mjs tests/page/notify.test.mjs tests/page/inside.test.mjs tests/page/a11y.test.mjs
# The same page files in Debian's Firefox ESR through WebDriver BiDi (tests/page/firefox-bidi.mjs).
run page-firefox env JOBGLASS_BROWSER=firefox node --test --test-concurrency=1 tests/page/page.test.mjs tests/page/console-security.test.mjs tests/page/console.test.mjs tests/page/actions.test.mjs tests/page/logs.test.mjs tests/page/list.test.mjs tests/page/list-errors.test.mjs tests/page/notify.test.mjs tests/page/inside.test.mjs tests/page/a11y.test.mjs
run consumers node --test --test-concurrency=1 tests/js/types.test.mjs tests/js/readme.test.mjs tests/js/consumers.test.mjs tests/js/edge-worker.test.mjs tests/js/edge-worker-list.test.mjs
run console node --test --test-concurrency=1 tests/js/console.test.mjs tests/js/console-auth.test.mjs tests/js/console-viewers.test.mjs tests/js/shared-body.test.mjs tests/js/console-watch.test.mjs tests/js/console-inside.test.mjs
run ray tests/ray/run.sh
# One commit, one module: a build elsewhere (another folder, rustup home and default nightly)
# installs the pinned compiler and gives the same bytes.
run reproducible scripts/reproducible.sh

echo
printf 'suites: %d passed, %d failed\n' "${#passed[@]}" "${#failed[@]}"
[ ${#failed[@]} -eq 0 ]
