#!/usr/bin/env bash
# The browser tests' npm packages (playwright-core, axe-core), at the versions locked in
# tests/page/package-lock.json, into target/page-npm. playwright-core downloads no browser:
# the tests drive Debian's /usr/bin/chromium (.ci/apt.d/page.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=target/page-npm
mkdir -p "$dest"
cp tests/page/package.json tests/page/package-lock.json "$dest/"
if [ -f "$dest/node_modules/.package-lock.json" ] && cmp -s tests/page/package-lock.json "$dest/.installed-lock"; then
  echo "page: npm packages already installed"
  exit 0
fi
(cd "$dest" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
cp tests/page/package-lock.json "$dest/.installed-lock"
