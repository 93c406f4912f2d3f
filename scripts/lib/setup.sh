# Sourced by run.sh and test.sh: installs what is missing, skips what is
# there at the right version, and puts the build tools on PATH.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Must equal the wasm-bindgen crate pinned in Cargo.toml.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' "$ROOT/Cargo.toml")"

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/scripts/tools/node_modules/.bin:$PATH"

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
  command -v python3 >/dev/null || ensure_apt_packages python3
  rustup target list --installed | grep -qx wasm32-unknown-unknown \
    || { step "Adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; }
  # Not --locked: its lock file names a yanked dependency. Only the one
  # program, and without the TLS its test runner's downloads would need.
  ensure_cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION" \
    --bin wasm-bindgen --no-default-features
  # wasm-opt from binaryen's npm build (Debian's binaryen is too old and
  # produces a bundle that fails to hydrate).
  if ! wasm-opt --version 2>/dev/null | grep -q "version 132"; then
    step "Installing wasm-opt (binaryen 132, npm)"
    npm ci --prefix "$ROOT/scripts/tools" --no-audit --no-fund --loglevel=error
  fi
}

source "$ROOT/scripts/lib/build.sh"

# The release build: the server binary and the site with both bundles.
build_release() {
  build_site
  build_server release
}
