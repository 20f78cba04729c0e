#!/usr/bin/env bash
# Speed comparison, every number measured in the same run (the machine is shared and noisy,
# so only ratios mean anything):
#  1. verify --batch against the plain Python peer (json.loads + hashlib per line) over the
#     same N-line file from shared/bench/gen-triples.py;
#  2. the engine's candidate hashing (criterion bench) beside `openssl speed` single-core.
# Usage: scripts/compare-speed.sh [N_LINES] (default 1000000). Needs python3; openssl optional.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
BENCH_DIR=${KSDIAG_BENCH_DIR:-../shared/bench}
if [ ! -f "$BENCH_DIR/gen-triples.py" ] || [ ! -f "$BENCH_DIR/peer-verify.py" ]; then
  echo "error: no gen-triples.py / peer-verify.py in '$BENCH_DIR'; hint: set KSDIAG_BENCH_DIR to the shared bench folder" >&2
  exit 2
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cargo build --release --quiet
bin=target/release/ksdiag
python3 "$BENCH_DIR/gen-triples.py" "$N" "$tmp/triples.jsonl" --mixed-types 2>/dev/null

secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
py=$(secs python3 "$BENCH_DIR/peer-verify.py" "$tmp/triples.jsonl")
rs1=$(secs sh -c "$bin verify --batch '$tmp/triples.jsonl' --threads 1 >/dev/null || true")
rsn=$(secs sh -c "$bin verify --batch '$tmp/triples.jsonl' >/dev/null || true")
printf 'verify --batch, %d lines\n' "$N"
printf '  python peer      %7.2f s  %9.0f lines/s\n' "$py" "$(echo "$N / $py" | bc -l)"
printf '  ksdiag 1 thread  %7.2f s  %9.0f lines/s  %5.1fx python\n' "$rs1" "$(echo "$N / $rs1" | bc -l)" "$(echo "$py / $rs1" | bc -l)"
printf '  ksdiag all cores %7.2f s  %9.0f lines/s  %5.1fx python\n' "$rsn" "$(echo "$N / $rsn" | bc -l)" "$(echo "$py / $rsn" | bc -l)"

echo
echo "candidate hashing (300-byte KS + token suffix): ksdiag vs openssl speed, single core"
cargo bench --quiet --bench codec -- --warm-up-time 1 --measurement-time 3 'digest sha1 300B|digest sha256 300B|candidate' 2>/dev/null | python3 -c '
import re, sys
unit = {"ns": 1, "µs": 1e3, "us": 1e3, "ms": 1e6}
name = ""
for line in sys.stdin:
    m = re.search(r"^(.*?)\s*time:\s*\[\S+ \S+ (\S+) (\S+)", line)
    if not m:
        if line.strip() and not line.startswith(" "):
            name = line.strip()  # criterion prints long names on a line of their own
        continue
    name = m.group(1).strip() or name
    ns = float(m.group(2)) * unit[m.group(3)]
    print(f"  ksdiag {name:<30} {1e9/ns:12.0f} hashes/s")
'
if command -v openssl >/dev/null; then
  for alg in sha1 sha256; do
    openssl speed -seconds 2 -bytes 333 "$alg" 2>/dev/null | awk -v a="$alg" '$1==a && NF>=2 {kb=$NF; sub("k","",kb); printf "  openssl %-29s %12.0f hashes/s\n", a" 333B (full message)", kb*1000/333}'
  done
else
  echo "  (openssl not installed: apt-get install openssl)"
fi
