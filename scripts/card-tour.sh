#!/usr/bin/env bash
# Card tour for integrators: installs what it needs, builds, starts a
# private pcscd with vpcd readers, puts virtual My Number Cards into a reader one after another and
# shows what `myna-card status` reads from each (no PIN is spent; `myna-kiosk card status` is the same).
#   bash scripts/card-tour.sh [profile ...]      (default: a tour of fixtures/cards)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --quiet --workspace --bins
profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(normal expiring-soon one-try-left pin-locked no-pin android-token juki-card foreign-card)
exec bash scripts/with-pcscd.sh bash -c '
  reader=${MYNA_TEST_READERS%%=*}; rest=${MYNA_TEST_READERS#*=}; port=${rest%%,*}
  for profile in "$@"; do
    echo; echo "== fixtures/cards/$profile.toml: $(sed -n "s/^description = \"\(.*\)\"/\1/p" fixtures/cards/$profile.toml)"
    ./target/debug/myna-sim --profile fixtures/cards/$profile.toml --vpcd-port "$port" </dev/null 2>/dev/null &
    sim=$!
    for _ in $(seq 50); do pcsc_scan -r 2>/dev/null | grep -q . && ./target/debug/myna-card status --reader "$reader" >/dev/null 2>&1 && break; sleep 0.1; done
    echo "\$ myna-card status --reader \"$reader\""
    ./target/debug/myna-card status --reader "$reader" 2>/dev/null && code=0 || code=$?
    echo "(exit code $code)"
    kill $sim; wait $sim 2>/dev/null || true
    sleep 0.5
  done' demo "${profiles[@]}"
