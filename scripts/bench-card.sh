#!/usr/bin/env bash
# Measures the card side of the PIN path over the real stack (myna-sim → vpcd → private pcscd →
# pcsc → card layer), next to OpenSC's `pkcs15-tool --read-certificate` on the same simulator.
#   bash scripts/bench-card.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
bash scripts/install-deps.sh
cargo build --release --quiet --bins --example pin_path_timing
exec bash scripts/with-pcscd.sh bash -c '
  runs=$1
  reader=${MYNA_TEST_READERS%%=*}; rest=${MYNA_TEST_READERS#*=}; port=${rest%%,*}
  log=$(mktemp)
  ./target/release/myna-sim --profile fixtures/cards/normal.toml --vpcd-port "$port" --apdu-log "$log" </dev/null 2>/dev/null &
  sim=$!
  for _ in $(seq 100); do pcsc_scan -r 2>/dev/null | grep -q . && timeout 1 pkcs15-tool --reader "$reader" --list-pins >/dev/null 2>&1 && break; sleep 0.1; done
  ./target/release/examples/pin_path_timing "$reader" 1234 "$runs"
  # Whole processes, same simulator: median wall time and APDUs per run.
  measure() {
    local label=$1; shift
    : > "$log"
    local times=()
    for _ in $(seq "$runs"); do
      local start=$(date +%s%N)
      "$@" >/dev/null 2>&1
      times+=($(( ($(date +%s%N) - start) / 1000 )))
    done
    local sorted=($(printf "%s\n" "${times[@]}" | sort -n))
    echo "$label: median $(awk "BEGIN{printf \"%.1f\", ${sorted[$((runs / 2))]}/1000}") ms over $runs runs, $(( $(wc -l < "$log") / runs )) APDUs per run"
  }
  measure "myna-kiosk card status (whole process)" ./target/release/myna-kiosk card status --reader "$reader"
  measure "pkcs15-tool --read-certificate 01 (whole process)" pkcs15-tool --reader "$reader" --read-certificate 01
  kill $sim' bench "$runs"
