#!/usr/bin/env bash
# The page in a real browser (tests/page): Debian's Chromium driven by playwright-core, opened
# from disk (target/page of scripts/build-page.sh, every network request refused) and as
# `ksdiag serve --port 0` sends it (the same build embedded); and its WebAssembly engine under
# Node. Under CI=true a missing browser, npm package or toolchain fails.
# Screenshots land in target/page-screenshots.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/build-page.sh
# After the page: build.rs embeds its engine in `ksdiag serve`.
cargo build --locked --quiet --bin ksdiag
node --test tests/page/wasm.test.mjs tests/page/page.test.mjs
