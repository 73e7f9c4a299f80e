#!/usr/bin/env bash
# A morning at a clinic, simulated on the real stack (examples/clinic_day, docs/benchmarks.md):
# 300 synthetic patients (QUICK=1: 40) through the real worker loop, myna-sim cards on a private
# pcscd, a myna-gateway process with a ten-minute outage. The report (Markdown) on stdout, one
# line a visit on stderr. Extra arguments go to the example (--patients N, --seed S, --no-outage).
#   bash scripts/bench/clinic-day.sh
#   QUICK=1 bash scripts/bench/clinic-day.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
patients=${QUICK:+40}; patients=${patients:-300}
profile=${PROFILE:-release}
flag=(); [ "$profile" = release ] && flag=(--release)
cargo build "${flag[@]}" --quiet --workspace --bins --example clinic_day >&2
exec bash scripts/with-pcscd.sh "target/$profile/examples/clinic_day" --patients "$patients" "$@"
