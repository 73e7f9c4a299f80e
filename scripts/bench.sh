#!/usr/bin/env bash
# The benchmark suite: every figure of the project in one table, with the comparison each one is
# measured against in the same run (OpenSC and the raw APDU floor for the card, ring's RSA rate for
# the gateway, the kiosk's own early figures for memory). Release build, real stack (myna-sim →
# vpcd → private pcscd), a myna-gateway process on loopback, the app under Xvfb.
#   bash scripts/bench.sh              # full: 100 visits, 60 s idle, 1,000 simulated visits
#   QUICK=1 bash scripts/bench.sh      # a quick pass: fewer runs, 10 s idle, 200 visits
# Detailed output goes to stderr; the table (Markdown) to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >&2
command -v Xvfb >/dev/null || { echo "bench: Xvfb is missing (scripts/screenshots.sh installs it)" >&2; exit 1; }
cargo build --release --quiet --workspace --bins --example pin_path_timing --example rsa_verify_rate \
  --example gateway_load --example visits_memory --example store_bench --example outbox_bench \
  --example face-bench >&2
exec bash scripts/with-pcscd.sh bash scripts/bench/run.sh
