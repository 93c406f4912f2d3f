# Sourced by run.sh and test.sh: installs what is missing, skips what is
# there at the right version, and puts the build tools on PATH.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"
# Must equal the wasm-bindgen crate pinned in Cargo.toml.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' "$ROOT/Cargo.toml")"

export PATH="$HOME/.cargo/bin:$ROOT/scripts/tools/node_modules/.bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

# A TCP port nothing listens on now, on loopback.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages given that are not installed yet.
ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# cargo install, unless `$binary --version` already prints the version.
ensure_cargo_tool() {
  local binary="$1" crate="$2" version="$3"
  shift 3
  if "$binary" --version 2>/dev/null | grep -q " $version\b"; then return 0; fi
  step "Installing $crate $version (compiles from crates.io; several minutes the first time)"
  cargo install "$crate" --version "$version" --force "$@"
}

ensure_build_tools() {
  command -v cargo >/dev/null || { echo "Rust is needed: install it with rustup (https://rustup.rs)" >&2; exit 1; }
  command -v npm >/dev/null || ensure_apt_packages nodejs npm
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || { step "Adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; }
  # Newer cargo-leptos releases need a newer rustc than this toolchain.
  ensure_cargo_tool cargo-leptos cargo-leptos "$CARGO_LEPTOS_VERSION" --locked
  # Not --locked: its lock file names a yanked dependency.
  ensure_cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
  # wasm-opt from binaryen's npm build (Debian's binaryen is too old and
  # produces a bundle that fails to hydrate).
  if ! wasm-opt --version 2>/dev/null | grep -q "version 132"; then
    step "Installing wasm-opt (binaryen 132, npm)"
    npm ci --prefix "$ROOT/scripts/tools" --no-audit --no-fund --loglevel=error
  fi
}

# Release build: the server binary and the optimised, precompressed site
# with both WebAssembly bundles.
build_release() {
  ensure_apt_packages brotli
  step "Building Selfdesk (release)"
  (cd "$ROOT" && env -u RUSTFLAGS cargo leptos build --release --precompress)
  build_full_bundle
}

# The full bundle (every page; see app/src/pages/full_bundle.rs) beside the
# customers' one cargo-leptos builds: the same build with the `full`
# feature, in cargo-leptos's target folder so that both share dependencies.
build_full_bundle() {
  step "Building the full WebAssembly bundle"
  local front="$ROOT/target/front" pkg="$ROOT/target/site/pkg" work
  env -u RUSTFLAGS cargo build --package=frontend --lib --features=full --target-dir="$front" \
    --target=wasm32-unknown-unknown --no-default-features --profile=wasm-release
  work="$(mktemp -d)"
  wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name selfdesk-full \
    "$front/wasm32-unknown-unknown/wasm-release/frontend.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$work/selfdesk-full_bg.wasm" -o "$pkg/selfdesk-full.wasm"
  cp "$work/selfdesk-full.js" "$pkg/selfdesk-full.js"
  rm -rf "$work"
  for file in "$pkg/selfdesk-full.wasm" "$pkg/selfdesk-full.js"; do
    brotli --force --quality=11 --output="$file.br" "$file"
    gzip --best --keep --force "$file"
  done
}
