#!/usr/bin/env bash
# Installs what `make test` and `make serve` need on a fresh Debian machine that
# has rustup's Rust, git, make, node/npm and apt-get. Safe to run again: each
# step is skipped when its tool is already there. Everything comes from the
# package registries (crates.io, Debian, npm); nothing downloads a binary.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
say() { printf 'setup: %s\n' "$*" >&2; }

# Chromium for the browser tests, from Debian's packages. It installs in the
# background while cargo compiles the tools below.
apt_pid=
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing chromium and chromium-driver from Debian"
  ( as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  ) > .setup-apt.log 2>&1 &
  apt_pid=$!
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-pack would build the same wasm-bindgen-cli itself when it cannot
# download one; installing the version Cargo.lock names up front is quicker to
# diagnose and is cached in ~/.cargo/bin.
wb_version=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qF " $wb_version"; then
  say "installing wasm-bindgen-cli $wb_version (a few minutes, once)"
  cargo install --quiet wasm-bindgen-cli --version "$wb_version"
fi

if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack (a few minutes, once)"
  cargo install --quiet wasm-pack --version 0.15.1 --locked
fi

# npm dev dependencies (playwright-core, binaryen's wasm-opt) from the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ -n "$apt_pid" ]; then
  if ! wait "$apt_pid"; then
    cat .setup-apt.log >&2
    say "installing chromium failed"
    exit 1
  fi
  rm -f .setup-apt.log
fi
exit 0
