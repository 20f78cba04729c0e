#!/usr/bin/env bash
# Load comparison of `ksdiag serve` against the stub a team would write (peer-mock.py from the
# shared bench folder), same machine, same run, same mix: each of 64 connections alternates
# session.startWidgetSession and appToken.startSession, 10% of the hashes wrong (realistic
# mistakes, so ksdiag runs a diagnosis on every one). The machine is shared and noisy: only
# ratios measured in one run mean anything.
#
# Usage: scripts/compare-serve.sh [SECONDS] [MEMORY_CALLS]   (default 10 s, 1000000 calls)
# KSDIAG_SERVE_MIX=unexplained makes the wrong hashes random hex instead: nothing explains
# them, so every diagnosis is the whole search (the worst case, not the issue's mix).
# Needs wrk (Debian: apt-get install wrk) and python3; KSDIAG_BIN=PATH measures that binary. Takes the bench folder from
# KSDIAG_BENCH_DIR, default ../shared/bench.
#
# Limits of the mix: startSession uses KS from a pool issued by this `ksdiag serve` (wrk's Lua
# has no SHA-1 to hash a fresh KS per call); the peer accepts any KS, ksdiag checks each one's
# signature and expiry.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CALLS=${2:-1000000}
BENCH_DIR=${KSDIAG_BENCH_DIR:-../shared/bench}
CONNS=64
if [ ! -f "$BENCH_DIR/peer-mock.py" ]; then
  echo "error: no peer-mock.py in '$BENCH_DIR'; hint: set KSDIAG_BENCH_DIR to the shared bench folder" >&2
  exit 2
fi
command -v wrk >/dev/null || { echo "error: wrk is not installed; hint: apt-get install wrk" >&2; exit 2; }
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
if [ -n "${KSDIAG_BIN:-}" ]; then
  bin=$KSDIAG_BIN   # measure a given binary (an installed one, or a build in progress elsewhere)
else
  cargo build --release --locked --quiet
  bin=target/release/ksdiag
fi
TOKEN=0123456789abcdef0123456789abcdef
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(16))')

# ksdiag serve's stderr goes to a pipe read slowly (256 bytes every 10 ms, ~150 lines/s, far
# fewer than the failed calls per second): a log reader that falls behind must not slow the
# server (its lines are dropped and counted instead). KSDIAG_SERVE_STDERR=file writes a file.
slow_reader() { python3 -c '
import os, sys, time
while True:
    b = os.read(0, 256)
    if not b:
        break
    sys.stdout.buffer.write(b); sys.stdout.flush()
    time.sleep(0.01)'
}
start() { # NAME CMD...: starts a server, waits for its "listening on" line, sets URL and PID
  local name=$1; shift
  if [ "$name" = ksdiag ] && [ "${KSDIAG_SERVE_STDERR:-slow}" = slow ]; then
    "$@" >"$tmp/$name.out" 2> >(slow_reader >"$tmp/$name.err") &
  else
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  fi
  PID=$!; pids+=("$PID")
  for _ in $(seq 100); do
    URL=$(sed -n 's/^listening on //p' "$tmp/$name.out")
    [ -n "$URL" ] && return 0
    sleep 0.1
  done
  echo "error: $name did not start: $(cat "$tmp/$name.err")" >&2; exit 1
}

start ksdiag env KSDIAG_BENCH_SECRET="$SECRET" "$bin" serve --port 0 --partner "1234567:env:KSDIAG_BENCH_SECRET" \
  --app-token "{\"id\":\"0_bench001\",\"token\":\"$TOKEN\",\"hashType\":\"SHA1\",\"partnerId\":1234567,\"status\":2}"
KS_URL=$URL KS_PID=$PID
start peer python3 "$BENCH_DIR/peer-mock.py" 0 --partner-id 1234567 --token-id 0_bench001 --token "$TOKEN" --hash-type sha1
PEER_URL=$URL

# The pool: 200 widget KS from ksdiag serve; every 10th hash is a realistic mistake.
python3 - "$KS_URL" "$TOKEN" "${KSDIAG_SERVE_MIX:-mistakes}" >"$tmp/pool.tsv" <<'PY'
import hashlib, json, secrets, sys, urllib.request
url, token, mix = sys.argv[1], sys.argv[2], sys.argv[3]
mistakes = [
    lambda ks: hashlib.sha1((ks + token + "\n").encode()).hexdigest(),   # echo's newline
    lambda ks: hashlib.sha1((token + ks).encode()).hexdigest(),          # swapped order
    lambda ks: hashlib.sha256((ks + token).encode()).hexdigest(),        # wrong hashType
    lambda ks: hashlib.sha1((ks + token).encode()).hexdigest().upper(),  # uppercase hex
]
for i in range(200):
    req = urllib.request.Request(url + "/api_v3/service/session/action/startWidgetSession",
        data=b'{"widgetId":"_1234567","format":1}', headers={"Content-Type": "application/json"})
    ks = json.load(urllib.request.urlopen(req))["ks"]
    wrong = (lambda ks: secrets.token_hex(20)) if mix == "unexplained" else mistakes[(i // 10) % 4]
    h = wrong(ks) if i % 10 == 9 else hashlib.sha1((ks + token).encode()).hexdigest()
    print(f"{ks}\t{h}")
PY

run() { # URL SECONDS -> the MIX line of serve-mix.lua
  wrk -t2 -c"$CONNS" -d"${2}s" --timeout 10s --latency -s scripts/serve-mix.lua "$1" -- "$tmp/pool.tsv" | grep '^MIX'
}
field() { sed -n "s/.*[ ]$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
report() { # NAME MIXLINE
  local s r w o n e secs
  s=$(field session "$2"); r=$(field rejected "$2"); w=$(field widget "$2"); o=$(field other "$2")
  n=$(field non200 "$2"); e=$(field errors "$2"); secs=$(field secs "$2")
  printf '  %-12s startSession %8.0f/s  (all calls %8.0f/s)  p50 %6.2f ms  p99 %6.2f ms  rejected %5.1f%%  other+non200+errors %s\n' \
    "$1" "$(echo "($s + $r) / $secs" | bc -l)" "$(echo "($s + $r + $w) / $secs" | bc -l)" \
    "$(echo "$(field p50_us "$2") / 1000" | bc -l)" "$(echo "$(field p99_us "$2") / 1000" | bc -l)" \
    "$(echo "100 * $r / ($s + $r)" | bc -l)" "$((o + n + e))"
}

echo "mix: startWidgetSession + startSession (10% wrong hashes: ${KSDIAG_SERVE_MIX:-mistakes}), $CONNS connections, ${SECS} s each, wrk -t2; ksdiag's stderr: ${KSDIAG_SERVE_STDERR:-slow}"
peer=$(run "$PEER_URL" "$SECS")
ours=$(run "$KS_URL" "$SECS")
report "peer-mock.py" "$peer"
report "ksdiag serve" "$ours"
rate() { echo "($(field session "$1") + $(field rejected "$1")) / $(field secs "$1")" | bc -l; }
printf '  ratio (startSession rate): %.1fx\n' "$(echo "$(rate "$ours") / $(rate "$peer")" | bc -l)"
dropped=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + "/ksdiag/requests").headers["X-Ksdiag-Stderr-Dropped"])' "$KS_URL")
echo "  ksdiag serve stderr lines dropped so far (reader behind): $dropped"

# Memory over CALLS calls: RSS before and after, the feed being bounded (500 calls).
rss() { awk '/^VmRSS/ {print $2}' "/proc/$KS_PID/status"; }
all_rate=$(echo "($(field session "$ours") + $(field rejected "$ours") + $(field widget "$ours")) / $(field secs "$ours")" | bc -l)
long=$(printf '%.0f' "$(echo "$CALLS / $all_rate + 2" | bc -l)")
before=$(rss)
run "$KS_URL" "$long" >"$tmp/mem.txt" &
wrk_pid=$!
samples=()
while kill -0 "$wrk_pid" 2>/dev/null; do
  sleep "$(( long / 10 > 0 ? long / 10 : 1 ))"
  samples+=("$(rss)")
done
wait "$wrk_pid" || true
mem=$(cat "$tmp/mem.txt")
after=$(rss)
calls=$(( $(field session "$mem") + $(field rejected "$mem") + $(field widget "$mem") ))
echo
echo "memory of ksdiag serve over $calls more calls ($long s): RSS ${before} KiB before, ${after} KiB after"
echo "  RSS every ~10% of the run (KiB): ${samples[*]}"
report "ksdiag serve" "$mem"
