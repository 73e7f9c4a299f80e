#!/usr/bin/env bash
# The staff console under a clinic's reporting load (issue 19; examples/console_load,
# docs/benchmarks.md): a myna-gateway process over HTTPS on loopback, 50 kiosks registered in
# its kiosks/ (KIOSKS=N), each the kiosk's own reporting client sending health every 5 s and
# cases at random, and one headless chromium signed in on /console/cases. The figures
# (Markdown) on stdout. Extra arguments go to `console_load run` (--duration S, --case-every S,
# --health-every S, --resolve-after S, --seed N).
# GATEWAY_PROFILE builds the gateway otherwise than the load (PROFILE): the example links the
# whole kiosk library, whose release build is long on a small machine.
#   bash scripts/bench/console-load.sh                       # release build, 120 s
#   PROFILE=debug bash scripts/bench/console-load.sh --duration 60
#   PROFILE=debug GATEWAY_PROFILE=release bash scripts/bench/console-load.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=${PROFILE:-release}
gateway_profile=${GATEWAY_PROFILE:-$profile}
kiosks=${KIOSKS:-50}
build() { # PROFILE TARGET...
  local flag=(); [ "$1" = release ] && flag=(--release)
  shift
  cargo build "${flag[@]}" --quiet --workspace "$@" >&2
}
build "$gateway_profile" --bin myna-gateway
build "$profile" --example console_load
bin=${CARGO_TARGET_DIR:-target}/$profile
gateway=${CARGO_TARGET_DIR:-target}/$gateway_profile/myna-gateway
tmp=$(mktemp -d)
gw=""
cleanup() {
  [ -n "$gw" ] && kill "$gw" 2>/dev/null && wait "$gw" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/data"
cp -r fixtures/insured fixtures/ca fixtures/revoked.txt "$tmp/data/"
"$bin/examples/console_load" keys --out "$tmp/keys" --data "$tmp/data" --kiosks "$kiosks"
# A throw-away console member (few PBKDF2 iterations: it is signed in once).
secret="bench console secret"
# Each kiosk holds two connections (reports, and the long poll for acknowledgements), all from
# 127.0.0.1 here where a clinic's kiosks have an address each: the per-address limit is raised.
"$gateway" --listen 127.0.0.1:0 --data "$tmp/data" --db "$tmp/gw.sqlite" \
  --tls-cert fixtures/tls/server.cert.pem --tls-key fixtures/tls/server.key.pem \
  --max-connections-per-address $((kiosks * 2 + 32)) >"$tmp/gw.out" 2>"$tmp/gw.err" &
gw=$!
for _ in $(seq 300); do grep -q listening "$tmp/gw.out" && break; sleep 0.1; done
url=$(sed -n 's/^myna-gateway listening on //p' "$tmp/gw.out")
[ -n "$url" ] || { cat "$tmp/gw.err" >&2; echo "console-load: the gateway did not start" >&2; exit 1; }
echo "$secret" | "$gateway" staff add bench --role staff --db "$tmp/gw.sqlite" --iterations 1000 >&2
echo "$secret" | "$bin/examples/console_load" run --url "$url" --keys "$tmp/keys" --kiosks "$kiosks" \
  --gateway-pid "$gw" --staff bench "$@"
echo
echo "gateway: $gateway_profile build, load: $profile build, $(nproc) cores, $(awk -F: '/model name/ { print $2; exit }' /proc/cpuinfo | sed 's/^ *//'), $(date -u +%Y-%m-%d)"
