#!/usr/bin/env bash
# Install without Rust (issue 14): build the wheel and the npm packages from one release
# build, install them as a user would (fresh venv; empty folder, offline) and test them.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/build-packages.sh
bash scripts/test-packages.sh
