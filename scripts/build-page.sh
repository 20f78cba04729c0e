#!/usr/bin/env bash
# Builds the page that needs no server: target/page/ (index.html, its scripts and style, and
# the engine, crates/ks-wasm compiled to WebAssembly and inlined as base64 in engine-wasm.js,
# since a page opened from disk may not fetch() a file), and the release artifact
# target/page/ksdiag-page-VERSION.zip. Open target/page/index.html, or put the folder on any
# static host. `cargo build` afterwards embeds the same build in `ksdiag serve`.
#
# The wasm32-unknown-unknown standard library comes from either
#   - rustup: `rustup target add wasm32-unknown-unknown` (the plain way), or
#   - Debian's rustc-web, rust-web-src and lld-22 (apt): std is built from source with
#     `-Zbuild-std` (RUSTC_BOOTSTRAP=1 unlocks it on a stable compiler).
# The script takes whichever is there and says which. KSDIAG_WASM_TOOLCHAIN=rustup|debian
# chooses when both are.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=target/page
wasm_target=target/wasm
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

have_rustup_target() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}
have_debian() {
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] &&
    [ -d /usr/lib/rustlib/src/rust/library/std ] &&
    { command -v wasm-ld-22 >/dev/null 2>&1 || command -v rust-lld >/dev/null 2>&1 || [ -x /usr/bin/rust-lld ]; }
}

choice=${KSDIAG_WASM_TOOLCHAIN:-}
if [ -z "$choice" ]; then
  if have_rustup_target; then choice=rustup
  elif have_debian; then choice=debian
  else
    echo "build-page: no WebAssembly toolchain: run \`rustup target add wasm32-unknown-unknown\`," >&2
    echo "  or on Debian \`apt-get install rustc-web rust-web-src lld-22\` (.ci/apt.d/page.txt)" >&2
    exit 2
  fi
fi

build=(build --locked -p ks-wasm --lib --profile page --target wasm32-unknown-unknown)
case "$choice" in
  rustup)
    echo "build-page: rustup's wasm32-unknown-unknown target ($(rustc --version))"
    CARGO_TARGET_DIR=$wasm_target cargo "${build[@]}"
    ;;
  debian)
    echo "build-page: Debian's $(/usr/bin/rustc --version), std built from /usr/lib/rustlib/src (-Zbuild-std)"
    # Debian's compiler and cargo first: rustup's would not match the std sources.
    RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc CARGO_TARGET_DIR=$wasm_target \
      /usr/bin/cargo "${build[@]}" -Zbuild-std=std,panic_abort
    ;;
  *)
    echo "build-page: KSDIAG_WASM_TOOLCHAIN=$choice: use rustup or debian" >&2
    exit 2
    ;;
esac
wasm=$wasm_target/wasm32-unknown-unknown/page/ks_wasm.wasm

rm -rf "$out"
mkdir -p "$out"
# Everything of the page folder but the placeholder engine.
for f in page/*; do
  case "$(basename "$f")" in engine-wasm.js) ;; *) cp "$f" "$out/" ;; esac
done
{
  echo "// The ksdiag engine (crates/ks-wasm, ksdiag $version), WebAssembly as base64: a page opened"
  echo "// from disk may not fetch() a file, but a classic script it may load. Written by"
  echo "// scripts/build-page.sh."
  echo "window.ksdiag = window.ksdiag || {};"
  printf 'window.ksdiag.wasmBase64 = "'
  base64 -w0 "$wasm"
  echo '";'
} >"$out/engine-wasm.js"

zip_name=ksdiag-page-$version.zip
(
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp -r "$out" "$tmp/ksdiag-page-$version"
  cd "$tmp" && zip -qrX "$root/$out/$zip_name" "ksdiag-page-$version"
)
size=$(stat -c %s "$wasm")
gz=$(gzip -9c "$wasm" | wc -c)
echo "build-page: $out/index.html ready; engine $wasm: $size bytes ($((size / 1024)) KiB, gzip -9 $((gz / 1024)) KiB); $out/$zip_name"
