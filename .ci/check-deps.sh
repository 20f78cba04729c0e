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
# The server is a library the binary calls (crates/ks-serve): it knows no command line and
# nothing of the binary, so neither clap (nor its derive or builder crates) nor the ksdiag
# crate may be among its normal dependencies.
serve=$(cargo tree -p ks-serve -e normal --prefix none --locked)
bad=$(printf '%s\n' "$serve" | grep -E '^(clap|clap_builder|clap_derive|clap_complete|clap_mangen|ksdiag) ' || true)
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" | sort -u >&2
  echo "ks-serve depends on the command line or the binary: move that code to the binary" >&2; exit 1
fi
# The batch engine (crates/ks-batch) is pure apart from the Read and Write it is handed: no
# command line, no binary, no server.
batch=$(cargo tree -p ks-batch -e normal --prefix none --locked)
bad=$(printf '%s\n' "$batch" | grep -E '^(clap|clap_builder|clap_derive|clap_complete|clap_mangen|ksdiag|ks-serve|axum|tokio|anyhow) ' || true)
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" | sort -u >&2
  echo "ks-batch depends on the command line, the binary or the server: move that code to the binary" >&2; exit 1
fi
# `ksdiag check` is a library too (crates/ks-check): options in, typed reports out; the binary
# reads the flags. It may not depend on clap or the binary either.
check=$(cargo tree -p ks-check -e normal --prefix none --locked)
bad=$(printf '%s\n' "$check" | grep -E '^(clap|clap_builder|clap_derive|clap_complete|clap_mangen|ksdiag) ' || true)
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" | sort -u >&2
  echo "ks-check depends on the command line or the binary: move that code to the binary" >&2; exit 1
fi
