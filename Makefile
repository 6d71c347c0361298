# jobglass: every target is a few lines; the scripts they call say why.
.PHONY: setup build check test demo dev console-page pack bench load fuzz lint size clean

setup:            ## install the toolchain and test tools (idempotent)
	scripts/setup.sh

build: setup-rust ## the npm package, in pkg/
	scripts/build.sh

setup-rust:
	scripts/setup.sh rust

check: setup-rust  ## the inner loop, a minute or two: format, lint, native tests
	cargo fmt --check
	$(MAKE) -s lint
	cargo test

test:             ## everything: native, wasm in Node/Chromium/Firefox/worker, page, consumers, real Ray
	scripts/test.sh

demo: build       ## the console (worker/ in workerd, the built page) on http://127.0.0.1:$${PORT:-8080}
	scripts/setup.sh node
	scripts/demo.sh

dev: build        ## Vite for working on the page, its /api and /c calls to the console worker
	scripts/setup.sh node
	scripts/dev.sh

console-page: build ## the page as the console serves it, in target/console-page/
	scripts/setup.sh node
	node scripts/console-page.mjs

pack: build       ## jobglass-<version>.tgz
	scripts/setup.sh node
	scripts/pack.sh

bench: build      ## parse and fetch speed against JSON.parse and plain JavaScript; sizes
	scripts/setup.sh node browsers
	scripts/bench.sh

load: build       ## 1,000 concurrent fetches, 200 watches, 100,000 parses
	scripts/setup.sh node
	node bench/load.mjs

fuzz:             ## cargo fuzz on every parser and the signer ($${FUZZ_SECONDS:-60} s each)
	scripts/setup.sh fuzz
	scripts/fuzz.sh

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --no-default-features -- -D warnings

clean:
	rm -rf target pkg node_modules .venv jobglass-*.tgz
