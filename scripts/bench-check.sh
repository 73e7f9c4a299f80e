#!/usr/bin/env bash
# Median time from card inserted to result with the PIN given at once, over the real stack:
# myna-sim → vpcd → private pcscd → `myna-kiosk check` (whole process: card, PIN, signature,
# consent, HTTPS to a myna-gateway process) → JSON; then the same with the gateway stopped
# (answered from the kiosk's cache).
#   bash scripts/bench-check.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
bash scripts/install-deps.sh
cargo build --release --quiet --bins
exec bash scripts/with-pcscd.sh bash -c '
  set -euo pipefail
  runs=$1
  reader=${MYNA_TEST_READERS%%=*}; rest=${MYNA_TEST_READERS#*=}; port=${rest%%,*}
  tmp=$(mktemp -d); trap "kill \$(jobs -p) 2>/dev/null; rm -rf $tmp" EXIT
  ./target/release/myna-kiosk keygen --out "$tmp/keys" --kiosk-id bench >/dev/null
  mkdir -p "$tmp/data/kiosks"; cp -r fixtures/insured fixtures/ca fixtures/revoked.txt "$tmp/data/"
  cp "$tmp/keys/kiosk.pub" "$tmp/data/kiosks/bench.pub"
  ./target/release/myna-gateway --listen 127.0.0.1:8443 --data "$tmp/data" --db "$tmp/gw.sqlite" \
    --tls-cert fixtures/tls/server.cert.pem --tls-key fixtures/tls/server.key.pem >/dev/null 2>&1 &
  printf "[gateway]\nurl = \"https://localhost:8443\"\nca_file = \"fixtures/tls/ca.cert.pem\"\nkiosk_id = \"bench\"\ndevice_key = \"%s\"\n[store]\npath = \"%s\"\ndata_key = \"%s\"\n" "$tmp/keys/kiosk.key" "$tmp/kiosk.sqlite" "$tmp/keys/data.key" > "$tmp/kiosk.toml"
  ./target/release/myna-sim --profile fixtures/cards/normal.toml --vpcd-port "$port" </dev/null 2>/dev/null &
  for _ in $(seq 100); do ./target/release/myna-kiosk card status --reader "$reader" >/dev/null 2>&1 && break; sleep 0.1; done
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    echo 1234 | ./target/release/myna-kiosk --config "$tmp/kiosk.toml" check --reader "$reader" --pin-stdin --consent all > "$tmp/out.json"
    times+=($(( ($(date +%s%N) - start) / 1000 )))
    grep -q "\"status\":\"confirmed\"" "$tmp/out.json"
  done
  sorted=($(printf "%s\n" "${times[@]}" | sort -n))
  echo "myna-kiosk check, card inserted to result (whole process, PIN at once): median $(awk "BEGIN{printf \"%.1f\", ${sorted[$((runs / 2))]}/1000}") ms, min $(awk "BEGIN{printf \"%.1f\", ${sorted[0]}/1000}") ms over $runs runs"
  # The gateway stops: the kiosk decides "offline" and answers from its cache.
  kill %1 2>/dev/null || true; sleep 0.5
  times=()
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    echo 1234 | ./target/release/myna-kiosk --config "$tmp/kiosk.toml" check --reader "$reader" --pin-stdin --consent all > "$tmp/out.json"
    times+=($(( ($(date +%s%N) - start) / 1000 )))
    grep -q "\"source\":\"cache\"" "$tmp/out.json"
  done
  sorted=($(printf "%s\n" "${times[@]}" | sort -n))
  echo "gateway stopped: check answered from the cache (whole process): median $(awk "BEGIN{printf \"%.1f\", ${sorted[$((runs / 2))]}/1000}") ms over $runs runs"
' bench "$runs"
