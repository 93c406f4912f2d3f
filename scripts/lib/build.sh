# Sourced by the scripts that build Selfdesk: the server, and the site it
# serves (both WebAssembly bundles with their JavaScript, the CSS, the
# public files), with cargo, wasm-bindgen and wasm-opt from the workspace's
# own locked dependencies. Each step does nothing when its input did not
# change, so a second run starts at once.
# shellcheck shell=bash

SITE="$ROOT/target/site"
# The bundles build in a folder of their own: cargo locks its build folder
# for a whole build, and this way the site can build beside the server.
# (Nothing is lost: no compiled crate is shared between the two targets.)
WASM_TARGET_DIR="$ROOT/target/wasm"

# The `selfdesk` binary of a cargo profile: `release` for running and
# measuring, `ci` for the test command (see Cargo.toml).
build_server() {
  local profile="$1"
  step "Building the server ($profile profile)"
  (cd "$ROOT" && cargo build --locked --package=server --bin=selfdesk --profile="$profile")
}

# Where build_server puts the binary of a profile.
server_binary() {
  local profile="$1" folder="$1"
  [ "$profile" = dev ] && folder=debug
  echo "$ROOT/target/$folder/selfdesk"
}

# The site: the customers' bundle and the full one (see
# app/src/pages/full_bundle.rs), the CSS and the public files, each
# compressed with brotli and gzip beside itself for the server to send.
build_site() {
  ensure_apt_packages brotli
  mkdir -p "$SITE/pkg"
  cp -R "$ROOT/public/." "$SITE/"
  build_bundle selfdesk ""
  build_bundle selfdesk-full full
  if ! cmp -s "$ROOT/style/main.css" "$SITE/pkg/selfdesk.css"; then
    cp "$ROOT/style/main.css" "$SITE/pkg/selfdesk.css"
    compress "$SITE/pkg/selfdesk.css"
  fi
}

# One WebAssembly bundle, `name` (`.wasm` and `.js`), from the frontend
# crate built with `features`. wasm-bindgen and wasm-opt (about half a
# minute a bundle) run only when the compiled crate changed: the stamp
# records the digest of what they last read. (Cargo links the crate again
# whenever the other bundle was built in between; the bytes are the same.)
build_bundle() {
  local name="$1" features="$2" pkg="$SITE/pkg" wasm stamp work
  step "Building the WebAssembly bundle $name"
  # Type-erased components, as .cargo/config.toml sets them for every build
  # (a RUSTFLAGS of the caller's would replace the file's).
  wasm="$(cd "$ROOT" && env -u RUSTFLAGS cargo build --locked --package=frontend --lib \
    --target-dir="$WASM_TARGET_DIR" --target=wasm32-unknown-unknown --profile=wasm-release ${features:+--features=$features} \
    --message-format=json-render-diagnostics | artifact_of frontend .wasm)"
  [ -f "$wasm" ] || { echo "the build named no WebAssembly file" >&2; return 1; }
  stamp="$(sha256sum "$wasm" | cut -d' ' -f1) $features"
  if [ -f "$pkg/$name.wasm" ] && [ "$(cat "$pkg/$name.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "$name: unchanged"
    return 0
  fi
  work="$(mktemp -d)"
  wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name "$name" "$wasm"
  # Generic code is compiled once per type: identical and near-identical
  # functions are merged before the size passes (4 KB brotli off the
  # customers' bundle; a second round of -Oz finds a little more).
  wasm-opt --duplicate-function-elimination --merge-similar-functions -Oz -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$work/${name}_bg.wasm" -o "$pkg/$name.wasm"
  cp "$work/$name.js" "$pkg/$name.js"
  rm -rf "$work"
  compress "$pkg/$name.wasm" "$pkg/$name.js"
  echo "$stamp" >"$pkg/$name.stamp"
}

# The file of `crate`'s artifact ending in `suffix`, from cargo's JSON
# messages on standard input (the build's own output goes to stderr).
artifact_of() {
  python3 -c '
import json, sys
crate, suffix = sys.argv[1], sys.argv[2]
found = ""
for line in sys.stdin:
    try:
        message = json.loads(line)
    except ValueError:
        continue
    if message.get("reason") == "compiler-artifact" and message["target"]["name"] == crate:
        found = next((f for f in message["filenames"] if f.endswith(suffix)), found)
print(found)
' "$1" "$2"
}

# Brotli and gzip copies beside each file, for browsers that accept them.
compress() {
  local file
  for file in "$@"; do
    brotli --force --quality=11 --output="$file.br" "$file"
    gzip --best --keep --force "$file"
  done
}
