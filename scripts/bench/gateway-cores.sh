#!/usr/bin/env bash
# The gateway with two cores of its own: myna-gateway pinned to cores 0 and 1 (taskset), the load
# generator on the other cores, ring's RSA rate on the same two cores, so that the gateway and the
# load do not share cores. Needs 4 cores or more; prints `TABLE|…` rows for scripts/bench/run.sh
# (the best of 8 to 64 connections), the details to stderr.
#   bash scripts/bench/gateway-cores.sh [BIN_DIR] [CONFIRMATIONS]
set -euo pipefail
bin=${1:-target/release}
n=${2:-16000}
cores=$(nproc)
if [ "$cores" -lt 4 ]; then
  echo "gateway-cores: $cores cores here; the gateway needs 2 of its own and the load 2 or more: skipped" >&2
  exit 0
fi
command -v taskset >/dev/null || { echo "gateway-cores: taskset (util-linux) is missing" >&2; exit 1; }
load="2-$((cores - 1))"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

taskset -c 0,1 "$bin/examples/rsa_verify_rate" 2 3 | tee "$tmp/rsa.txt" >&2
limit=$(sed -n 's/^RATE|//p' "$tmp/rsa.txt")
crypto=$(sed -n 's/^CRYPTO|//p' "$tmp/rsa.txt")
best=0
for k in 8 16 32 64; do
  taskset -c "$load" "$bin/examples/gateway_load" -n "$n" -k "$k" --gateway-cpus 0,1 | tee "$tmp/load.txt" >&2
  rate=$(sed -n 's/^confirmations: .* = \([0-9]*\)\/s.*/\1/p' "$tmp/load.txt")
  if [ "$rate" -gt "$best" ]; then
    best=$rate best_k=$k
    cpu_us=$(sed -n 's/^gateway CPU: *\([0-9]*\) µs.*/\1/p' "$tmp/load.txt")
    latency=$(sed -n 's/.*(latency \(p50 [0-9.]* ms, p99 [0-9.]* ms\)).*/\1/p' "$tmp/load.txt")
  fi
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
echo "TABLE|Gateway|confirmations/s on 2 cores of its own (taskset; load from the other $((cores - 2)), $best_k connections; $latency; gateway CPU $cpu_us µs a confirmation)|$best/s|ring RSA-2048 verify on those 2 cores: $limit/s|$(ratio "$best" "$limit")"
echo "TABLE|Gateway|the same, against the cryptography one confirmation needs, on those 2 cores|$best/s|$crypto/s|$(ratio "$best" "$crypto")"
