#!/usr/bin/env bash
# Runs every inkpost benchmark in order and writes bench/RESULTS.md.
#   bench/bench.sh           the full run (about 10 minutes on 2 cores)
#   bench/bench.sh --quick   fewer rounds and loads, growth at 1 and 2 MiB only (a smoke test)
#   BENCH_SECONDS=2 bench/bench.sh   each throughput candidate 2 s per input, not 0.5 (see below)
# Needs: node/npm (dev dependencies from package-lock.json), rustup's cargo with
# the wasm32 target, wasm-pack + wasm-bindgen-cli 0.2.130, Debian's chromium.
# Uses the inkpost wasm already in www/pkg (runs `make wasm` only when it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

QUICK=()
# BENCH_SECONDS=S: each candidate runs at least S seconds per input in the
# throughput runs (0.5 by default; more rounds where calls are short), for a
# machine whose noise a default-length run leaves in the A/A control.
SECONDS_ARGS=()
if [[ -n "${BENCH_ROUNDS:-}" ]]; then
  echo "bench: BENCH_ROUNDS is gone; BENCH_SECONDS=S sets the throughput length" >&2
  exit 2
fi
if [[ -n "${BENCH_SECONDS:-}" ]]; then
  if [[ ! "$BENCH_SECONDS" =~ ^[0-9]*\.?[0-9]+$ ]] || [[ "$BENCH_SECONDS" =~ ^[0.]+$ ]]; then
    echo "bench: BENCH_SECONDS must be a number of seconds above 0, not '$BENCH_SECONDS'" >&2
    exit 2
  fi
  SECONDS_ARGS=(--seconds "$BENCH_SECONDS")
fi
GROWTH_ARGS=(--runs 3 --timeout 60)
if [[ "${1:-}" == "--quick" ]]; then
  QUICK=(--quick)
  GROWTH_ARGS=(--runs 1 --timeout 20 --sizes 1,2)
  if [[ ${#SECONDS_ARGS[@]} -gt 0 ]]; then
    echo "bench: BENCH_SECONDS and --quick do not go together" >&2
    exit 2
  fi
fi

# Its own results folder: runs of single scripts by hand write to bench/results/.
RESULTS=bench/results/bench-sh
export BENCH_RESULTS=$RESULTS
mkdir -p "$RESULTS"
LOG=$RESULTS/steps.tsv
: > "$LOG"
START=$(date +%s)
date -u +%Y-%m-%dT%H:%M:%SZ > "$RESULTS/started.txt"
cat /proc/loadavg > "$RESULTS/loadavg-start.txt"
# The code the run measures: the commit, and what differed from it when the run started.
git rev-parse --short HEAD > "$RESULTS/commit.txt"
git status --porcelain -- src Cargo.toml Cargo.lock www bench > "$RESULTS/dirty.txt"

# run NAME COMMAND...: runs it, logs the command and its time for RESULTS.md.
run() {
  local name=$1
  shift
  echo "== $name: $*" >&2
  local t0=$EPOCHREALTIME
  "$@"
  awk -v a="$t0" -v b="$EPOCHREALTIME" -v n="$name" -v c="$*" 'BEGIN { printf "%s\t%.1f\t%s\n", n, b - a, c }' >> "$LOG"
}

# What the run needs, if missing.
if [[ ! -d node_modules/marked || ! -d node_modules/jsdom || ! -d node_modules/playwright-core ]]; then
  run "npm dev dependencies" npm ci --no-audit --no-fund
fi
if [[ ! -f www/pkg/inkpost_bg.wasm ]]; then
  run "inkpost wasm" make wasm
fi

# One copy of www/ (with pkg/) for the whole run: the wasm in www/pkg may be
# rebuilt by someone else while this runs.
rm -rf "$RESULTS/www"
cp -a www "$RESULTS/www"
# A copy taken while wasm-pack was writing would not compile: try again a little later.
for try in 1 2 3 4; do
  node -e 'const fs = require("fs"); process.exit(WebAssembly.validate(fs.readFileSync(process.argv[1])) ? 0 : 1)' \
    "$RESULTS/www/pkg/inkpost_bg.wasm" && break
  [[ $try == 4 ]] && { echo "bench: www/pkg/inkpost_bg.wasm is not a valid module" >&2; exit 1; }
  sleep 15
  rm -rf "$RESULTS/www" && cp -a www "$RESULTS/www"
done
export BENCH_WWW=$RESULTS/www

run "inputs" node bench/make_inputs.mjs
run "bare pulldown-cmark wasm" env CARGO_TARGET_DIR="$ROOT/bench/bare-pulldown/target" \
  wasm-pack --quiet build --release --target web --out-dir pkg bench/bare-pulldown
rm -f bench/bare-pulldown/pkg/.gitignore
# The growth binary links inkpost's src/ as it is now; if that does not compile
# (someone mid-edit), the last binary built is used and RESULTS.md says when it was built.
if ! run "growth binary" env CARGO_TARGET_DIR="$ROOT/bench/growth/target" \
  cargo build --quiet --release --manifest-path bench/growth/Cargo.toml; then
  echo "bench: the growth binary did not build; using the last one" >&2
  [[ -x bench/growth/target/release/inkpost-growth ]]
fi
run "download sizes" node bench/sizes.mjs
run "throughput in Node" node bench/run.mjs "${QUICK[@]}" "${SECONDS_ARGS[@]}"
run "Chromium: throughput, page load, live preview" node bench/browser.mjs "${QUICK[@]}" "${SECONDS_ARGS[@]}"
run "growth (native)" sh -c "bench/growth/target/release/inkpost-growth ${GROWTH_ARGS[*]} > $RESULTS/growth.md"

cat /proc/loadavg > "$RESULTS/loadavg-end.txt"
echo $(( $(date +%s) - START )) > "$RESULTS/seconds.txt"
node bench/report.mjs
echo "bench: wrote bench/RESULTS.md in $(( $(date +%s) - START )) s" >&2
