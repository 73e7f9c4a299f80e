#!/usr/bin/env bash
# The integrator's card read as a whole process (issue 21): `myna-card status` and, with
# KIOSK=1, `myna-kiosk card status` (the same library call; a release build of the whole kiosk
# first, which takes long), median of 30 runs each on the private pcscd with the simulator's
# `normal` card, and each binary's size, beside `pkcs15-tool --read-certificate` (OpenSC).
#   bash scripts/bench/card-status.sh          # KIOSK=1 bash scripts/bench/card-status.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-deps.sh >&2
cargo build --release --quiet -p myna-card -p myna-sim >&2
[ -z "${KIOSK:-}" ] || cargo build --release --quiet --bin myna-kiosk >&2
exec bash scripts/with-pcscd.sh bash -c '
set -euo pipefail
bin=${CARGO_TARGET_DIR:-target}/release
reader=${MYNA_TEST_READERS%%=*}; rest=${MYNA_TEST_READERS#*=}; port=${rest%%,*}
$bin/myna-sim --profile fixtures/cards/normal.toml --vpcd-port "$port" </dev/null >/dev/null 2>&1 &
trap "kill $! 2>/dev/null || true" EXIT
for _ in $(seq 100); do $bin/myna-card status --reader "$reader" >/dev/null 2>&1 && break; sleep 0.1; done
median() { # COMMAND…: median wall time of 30 runs, in ms
  for _ in $(seq 30); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; echo $(( $(date +%s%N) - s ))
  done | sort -n | awk "{ v[NR] = \$1 } END { printf \"%.1f ms\", v[15] / 1e6 }"
}
size() { du -h "$1" | cut -f1; }
echo "| command | whole process, median of 30 | binary |"
echo "|---|---|---|"
echo "| myna-card status | $(median $bin/myna-card status --reader "$reader") | $(size $bin/myna-card) |"
if [ -x "$bin/myna-kiosk" ] && [ -n "${KIOSK:-}" ]; then
  echo "| myna-kiosk card status | $(median $bin/myna-kiosk card status --reader "$reader") | $(size $bin/myna-kiosk) |"
fi
echo "| pkcs15-tool --read-certificate 01 (OpenSC) | $(median pkcs15-tool --reader "$reader" --read-certificate 01) | $(size "$(command -v pkcs15-tool)") |"
'
