#!/usr/bin/env bash
# The static binaries against the dynamic build (issue 20: batch verify within 10%), in one
# run: `verify --batch` over the same N-line file from shared/bench/gen-triples.py, both
# builds interleaved RUNS times (the machine is shared: the best of each is compared), then
# every binary's size.
# Usage: scripts/compare-static.sh [N_LINES] [RUNS]   (default 1000000 3; needs python3)
# The static x86-64 binary must be built (scripts/build-packages.sh); the dynamic one is
# `cargo build --release`'s. Others present (arm64, Windows) are listed by size.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=platforms.sh
source scripts/platforms.sh
N=${1:-1000000}
RUNS=${2:-3}
BENCH_DIR=${KSDIAG_BENCH_DIR:-../shared/bench}
[ -f "$BENCH_DIR/gen-triples.py" ] || {
  echo "error: no gen-triples.py in '$BENCH_DIR'; hint: set KSDIAG_BENCH_DIR to the shared bench folder" >&2
  exit 2
}
static=$(binary_path linux-x64)
[ -x "$static" ] || { echo "error: no $static; hint: run scripts/build-packages.sh first" >&2; exit 2; }
cargo build --release --quiet --locked --bin ksdiag
dynamic=target/release/ksdiag
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$BENCH_DIR/gen-triples.py" "$N" "$tmp/triples.jsonl" --mixed-types 2>/dev/null
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
for threads in 0 1; do
  d=(); s=()
  args=(verify --batch "$tmp/triples.jsonl")
  [ "$threads" = 1 ] && args+=(--threads 1)
  for _ in $(seq "$RUNS"); do
    d+=("$(secs "$dynamic" "${args[@]}")")
    s+=("$(secs "$static" "${args[@]}")")
  done
  bd=$(best "${d[@]}"); bs=$(best "${s[@]}")
  printf 'verify --batch, %d lines, %s: dynamic %.3f s (%.0f lines/s), static %.3f s (%.0f lines/s): static/dynamic throughput %.3f\n' \
    "$N" "$([ "$threads" = 1 ] && echo '--threads 1' || echo 'all cores')" "$bd" "$(echo "$N / $bd" | bc -l)" "$bs" "$(echo "$N / $bs" | bc -l)" "$(echo "$bd / $bs" | bc -l)"
  echo "  runs: dynamic ${d[*]}; static ${s[*]}"
done
echo "sizes:"
for f in "$dynamic" "$(binary_path linux-x64)" "$(binary_path linux-arm64)" "$(binary_path win32-x64)"; do
  if [ -f "$f" ]; then printf "  %-50s %9d bytes\n" "$f" "$(stat -c %s "$f")"; fi
done
