# The two commands of the README: `make playground` and `make test`. Both set up what is
# missing first (scripts/setup.sh), then build with CMake (native and wasm) and npm.
SHELL := /bin/bash
export NODE_PATH ?= /usr/share/nodejs
PORT ?= 8080
JOBS ?= 2

.PHONY: all setup native wasm test test-native test-wasm test-js playground clean

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

test: test-native test-wasm test-js

# Until the web playground lands, this runs the CLI on a bundled Engage example.
playground: native
	@echo "The web playground is not built yet; running the CLI on a bundled example instead:"
	@echo "  build/mapcheck transform --mapping examples/braze-track.mapping.json examples/audience-entered.track.json"
	@build/mapcheck transform --mapping examples/braze-track.mapping.json examples/audience-entered.track.json

clean:
	rm -rf build build-wasm web/dist
