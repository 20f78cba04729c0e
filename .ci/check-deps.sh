#!/usr/bin/env bash
# Offline by construction: no HTTP client anywhere in the shipped dependency tree.
set -euo pipefail
cd "$(dirname "$0")/.."
if cargo tree --workspace -e normal --prefix none --locked | grep -Ei '^(reqwest|hyper|ureq|curl|isahc|attohttpc|surf|http) '; then
  echo "an HTTP client crept into the dependency tree" >&2; exit 1
fi
