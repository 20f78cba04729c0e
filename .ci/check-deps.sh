#!/usr/bin/env bash
# Offline by construction: no HTTP *client* anywhere in the shipped dependency tree. An HTTP
# server (axum on hyper's `server` feature, the `http` crate) is allowed for `ksdiag serve`;
# client crates, and hyper's or hyper-util's client features, are not.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=$(cargo tree --workspace -e normal,features --prefix none --locked)
bad=$(printf '%s\n' "$tree" | grep -Ei '^(reqwest|ureq|curl|curl-sys|isahc|attohttpc|surf|hyper-tls|hyper-rustls|awc|ehttp|minreq|http-client) ' || true)
bad+=$(printf '%s\n' "$tree" | grep -Ei '^(hyper|hyper-util|tower-http) feature "(client|client-legacy|client-proxy|follow-redirect)"' || true)
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" | sort -u >&2
  echo "an HTTP client crept into the dependency tree" >&2; exit 1
fi
# forbid CRATE CRATES WHY: fails when one of CRATES (a regex alternation) is among CRATE's
# normal dependencies.
forbid() {
  local found
  found=$(cargo tree -p "$1" -e normal --prefix none --locked | grep -E "^($2) " || true)
  if [ -n "$found" ]; then
    printf '%s\n' "$found" | sort -u >&2
    echo "$3" >&2; exit 1
  fi
}
cli='clap|clap_builder|clap_derive|clap_complete|clap_mangen|ksdiag'
# The server is a library the binary calls (crates/ks-serve): it knows no command line and
# nothing of the binary, so neither clap (nor its derive or builder crates) nor the ksdiag
# crate may be among its normal dependencies.
forbid ks-serve "$cli" "ks-serve depends on the command line or the binary: move that code to the binary"
# The batch engine (crates/ks-batch) is pure apart from the Read and Write it is handed: no
# command line, no binary, no server.
forbid ks-batch "$cli|ks-serve|axum|tokio|anyhow" "ks-batch depends on the command line, the binary or the server: move that code to the binary"
# `ksdiag check` is a library too (crates/ks-check): options in, typed reports out; the binary
# reads the flags. It may not depend on clap or the binary either.
forbid ks-check "$cli" "ks-check depends on the command line or the binary: move that code to the binary"
