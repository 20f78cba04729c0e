#!/usr/bin/env bash
# The local page in a real browser (tests/page): Debian's Chromium driven by playwright-core
# against `ksdiag serve --port 0`. Under CI=true a missing browser or npm package fails.
# Screenshots land in target/page-screenshots.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --locked --quiet --bin ksdiag
node --test tests/page/page.test.mjs
