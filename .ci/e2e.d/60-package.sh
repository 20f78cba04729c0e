#!/usr/bin/env bash
# Install without Rust (issues 14 and 20): build the wheels and the npm packages for every
# platform, one release build each, install them as a user would (fresh venv; empty folder,
# offline; pip and npm for the other platforms) and run them here (natively in an empty root,
# under qemu-aarch64, under Wine). Under CI=true every platform must be built and run.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/build-packages.sh --all
bash scripts/test-packages.sh
