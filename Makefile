# inkpost: `make serve` builds everything and serves the demo; `make test` runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

PORT ?= 8000
HOST ?= 127.0.0.1
POSTS ?= www/posts
CORPUS ?= ../shared/corpus
RUST_SOURCES := $(shell find src -name '*.rs') Cargo.toml Cargo.lock
WASM := www/pkg/inkpost_bg.wasm

.PHONY: serve test setup build wasm cli test-native test-browser test-js package fidelity fuzz bench lint clean

## make serve: build the wasm module and the CLI, then serve www/ and the posts at http://$(HOST):$(PORT)/
serve: setup wasm
	cargo build --release --bin inkpost
	./target/release/inkpost serve $(POSTS) --www www --host $(HOST) --port $(PORT)

## make test: native tests, the package and types, then the module and the pages in headless Chromium
test: setup wasm test-native test-js test-browser

setup:
	@./scripts/setup.sh

wasm: $(WASM)

# The demo loads www/pkg; `make package` turns it into the npm package in pkg/.
# Built into a folder of its own and moved into place only when the build
# succeeds: a failed build leaves no www/pkg that make would take as done.
$(WASM): $(RUST_SOURCES) | setup
	rm -rf www/pkg.new
	wasm-pack build --release --target web --out-dir www/pkg.new
	@rm -f www/pkg.new/.gitignore
	rm -rf www/pkg && mv www/pkg.new www/pkg

test-native: setup
	cargo fmt --check
	cargo clippy --all-targets --quiet -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --quiet -- -D warnings
	cargo test --all-targets

## make package: the npm package (module, <ink-post> element, types, stylesheet) in pkg/
package: setup $(WASM)
	node scripts/package.mjs

test-js: setup package
	tsc -p tests/js/tsconfig.json
	node --test tests/js/

test-browser: setup $(WASM)
	cargo build --bin inkpost
	node --test --test-concurrency=1 tests/browser/

## make fidelity: render the Jekyll corpus and compare with Jekyll's own output (CORPUS=path)
fidelity:
	cargo run --quiet --example fidelity -- $(CORPUS)

## make bench: inkpost against its peers in Node and headless Chromium, page loads, the live
## preview and linear growth; writes bench/RESULTS.md (about 10 minutes; BENCH_SECONDS=2: longer)
bench: setup wasm
	./bench/bench.sh

## make fuzz: run each cargo-fuzz target for FUZZ_SECONDS (default 600) from the committed seeds
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := render front_matter raw_html liquid
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/corpus/$$t && cp -n fuzz/seeds/$$t/* fuzz/corpus/$$t/ 2>/dev/null || true; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS)s"; \
	  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -O $$t corpus/$$t -- \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) || exit 1; \
	done

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings

clean:
	rm -rf www/pkg target
