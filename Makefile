# The two commands of the README: `make playground` and `make test`. Both set up what is
# missing first (scripts/setup.sh), then build with CMake (native and wasm) and npm.
SHELL := /bin/bash
export NODE_PATH ?= /usr/share/nodejs
PORT ?= 8080
JOBS ?= 2

.PHONY: all setup native wasm test test-native test-wasm test-js test-browser test-browser-component \
	playground playground-build bench clean fuzz-build fuzz-short fuzz-long test-sanitize

all: native wasm

setup:
	@scripts/setup.sh

native: setup
	@cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build -j $(JOBS)

wasm: setup
	@emcmake cmake -S . -B build-wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
	@cmake --build build-wasm -j $(JOBS)

test-native: native
	ctest --test-dir build --output-on-failure -j $(JOBS)

test-wasm: wasm
	ctest --test-dir build-wasm --output-on-failure

test-js: native wasm
	node --test tests/js/

# The <mapcheck-example> web component's demo page in headless Chromium (web/component/).
test-browser-component: wasm
	node --test tests/browser/component.test.mjs

# Fuzzing and sanitizers (fuzz/README.md): one clang-14 tree, build-fuzz/, holds the libFuzzer
# harnesses and the unit tests, all built with AddressSanitizer (LeakSanitizer included) and
# UBSan. fuzz-short runs every harness briefly and is part of `make test`; fuzz-long is the
# documented long run.
FUZZ_SECONDS ?= 10
FUZZ_LONG_SECONDS ?= 600
fuzz-build: setup
	@CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DMAPCHECK_BUILD_FUZZERS=ON \
	  -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" >/dev/null
	@cmake --build build-fuzz -j $(JOBS)

test-sanitize: fuzz-build
	ctest --test-dir build-fuzz --output-on-failure -j $(JOBS)

fuzz-short: fuzz-build
	fuzz/run.sh $(FUZZ_SECONDS) $(JOBS)

fuzz-long: fuzz-build
	fuzz/run.sh $(FUZZ_LONG_SECONDS) $(JOBS)

test: test-native test-wasm test-js test-browser-component test-browser test-sanitize fuzz-short

# The playground in headless Chromium (playwright-core), screenshots in test-output/playground/.
test-browser: playground-build
	node --test tests/browser/playground.test.mjs

# The web playground: builds it into playground/dist and serves it on http://127.0.0.1:$(PORT)/.
playground-build: native wasm
	@cd playground && { [ node_modules/.package-lock.json -nt package-lock.json ] || \
	  npm ci --no-audit --no-fund --loglevel=error; }
	@cd playground && node build.mjs

playground: playground-build
	@cd playground && PORT=$(PORT) node server.mjs

# Speed against Segment's reference packages on this machine (bench/README.md); a few minutes,
# not part of `make test`.
bench: native wasm
	node bench/run.mjs

clean:
	rm -rf build build-wasm build-fuzz web/dist playground/dist
