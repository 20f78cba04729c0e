#!/usr/bin/env bash
# The page in a real browser (tests/page): Debian's Chromium driven by playwright-core, opened
# from disk (target/page of scripts/build-page.sh, every network request refused) and as
# `ksdiag serve --port 0` sends it (the same build embedded); and its WebAssembly engine under
# Node. Under CI=true a missing browser, npm package or toolchain fails.
# Screenshots land in target/page-screenshots.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/build-page.sh
# The release zip holds the very folder the suite opens from disk (one top folder, nothing else).
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
unzipped=$(mktemp -d)
trap 'rm -rf "$unzipped"' EXIT
unzip -q "target/page/ksdiag-page-$version.zip" -d "$unzipped"
[ "$(ls "$unzipped")" = "ksdiag-page-$version" ] || { echo "70-page: the zip's top level is not ksdiag-page-$version/" >&2; exit 1; }
diff -r --exclude='*.zip' target/page "$unzipped/ksdiag-page-$version"
# After the page: build.rs embeds its engine in `ksdiag serve`.
cargo build --locked --quiet --bin ksdiag
node --test tests/page/wasm.test.mjs tests/page/page.test.mjs
