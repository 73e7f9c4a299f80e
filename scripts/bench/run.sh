#!/usr/bin/env bash
# The body of scripts/bench.sh, run inside scripts/with-pcscd.sh (MYNA_TEST_READERS is set).
set -euo pipefail
quick=${QUICK:-}
runs=${quick:+20}; runs=${runs:-100}
idle_s=${quick:+10}; idle_s=${idle_s:-60}
visits=${quick:+200}; visits=${visits:-1000}
bin=target/release
reader=${MYNA_TEST_READERS%%=*}; rest=${MYNA_TEST_READERS#*=}; port=${rest%%,*}
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
rows=()
row() { rows+=("| $1 | $2 | $3 | $4 | $5 |"); }
collect() { while IFS='|' read -r _ a m v b r _; do row "$a" "$m" "$v" "$b" "$r"; done < <(grep '^TABLE|' "$1"); }
ms() { awk -v u="$1" 'BEGIN { printf "%.1f ms", u / 1000 }'; }
# median and p95 of microsecond figures, one per line
pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; if (i > NR) i = NR; print v[i] }'; }
now_us() { echo $(( $(date +%s%N) / 1000 )); }

start_sim() {
  : > "$tmp/apdu.log"
  $bin/myna-sim --profile "fixtures/cards/$1.toml" --vpcd-port "$port" --apdu-log "$tmp/apdu.log" </dev/null 2>/dev/null &
  sim=$!
  for _ in $(seq 100); do $bin/myna-card status --reader "$reader" >/dev/null 2>&1 && break; sleep 0.1; done
}

echo "== card path ==" >&2
start_sim normal
$bin/examples/pin_path_timing "$reader" 1234 "$runs" | tee "$tmp/card.txt" >&2
collect "$tmp/card.txt"
ours_apdus=$(grep '^TABLE|Card path|APDUs' "$tmp/card.txt" | cut -d'|' -f4)
openssl dgst -sha256 -binary -out "$tmp/hash.bin" <<<"challenge"
opensc() {
  pkcs15-tool --reader "$reader" --read-certificate 01 -o "$tmp/auth.pem" >/dev/null 2>&1
  pkcs15-crypt --reader "$reader" --sign --key 01 --pin 1234 --sha-256 --pkcs1 -i "$tmp/hash.bin" -o "$tmp/sig.bin" >/dev/null 2>&1
}
opensc; : > "$tmp/apdu.log"; opensc
opensc_apdus=$(wc -l < "$tmp/apdu.log")
for _ in $(seq 10); do s=$(now_us); opensc; echo $(( $(now_us) - s )); done > "$tmp/opensc.us"
row "Card path" "APDUs, the same result by OpenSC (pkcs15-tool --read-certificate + pkcs15-crypt --sign)" "$ours_apdus (ours)" "$opensc_apdus" "$(awk -v a="$ours_apdus" -v b="$opensc_apdus" 'BEGIN { printf "%.2f×", a / b }')"
row "Card path" "OpenSC, those two processes (median of 10)" "$(ms "$(pct 50 < "$tmp/opensc.us")")" "" ""
kill $sim; wait $sim 2>/dev/null || true

echo "== tap to result (myna-kiosk check, myna-gateway on loopback) ==" >&2
$bin/myna-kiosk keygen --out "$tmp/keys" --kiosk-id bench >/dev/null
mkdir -p "$tmp/data/kiosks"; cp -r fixtures/insured fixtures/ca fixtures/revoked.txt "$tmp/data/"
cp "$tmp/keys/kiosk.pub" "$tmp/data/kiosks/bench.pub"
# 100 visits back to back from one kiosk key: no per-kiosk rate limit here.
$bin/myna-gateway --listen 127.0.0.1:0 --data "$tmp/data" --db "$tmp/gw.sqlite" --rate-limit 0 \
  --tls-cert fixtures/tls/server.cert.pem --tls-key fixtures/tls/server.key.pem > "$tmp/gw.out" 2>/dev/null &
gw=$!
for _ in $(seq 100); do grep -q listening "$tmp/gw.out" && break; sleep 0.1; done
url=$(sed -n 's/^myna-gateway listening on //p' "$tmp/gw.out" | sed 's/127.0.0.1/localhost/')
printf '[gateway]\nurl = "%s"\nca_file = "fixtures/tls/ca.cert.pem"\nkiosk_id = "bench"\ndevice_key = "%s"\n[store]\npath = "%s"\ndata_key = "%s"\n' \
  "$url" "$tmp/keys/kiosk.key" "$tmp/kiosk.sqlite" "$tmp/keys/data.key" > "$tmp/kiosk.toml"
start_sim normal
visit() { echo 1234 | $bin/myna-kiosk --config "$tmp/kiosk.toml" check --reader "$reader" --pin-stdin --consent all > "$tmp/out.json"; grep -q "\"source\":\"$1\"" "$tmp/out.json"; }
for _ in $(seq "$runs"); do s=$(now_us); visit gateway; echo $(( $(now_us) - s )); done > "$tmp/check.us"
row "Tap to result" "myna-kiosk check, card in → result, PIN at once (whole process, $runs visits)" "median $(ms "$(pct 50 < "$tmp/check.us")")" "p95 $(ms "$(pct 95 < "$tmp/check.us")")" ""
kill $gw; wait $gw 2>/dev/null || true
for _ in $(seq 10); do s=$(now_us); visit cache; echo $(( $(now_us) - s )); done > "$tmp/cache.us"
row "Tap to result" "the same with the gateway stopped: answered from the cache (10 visits)" "median $(ms "$(pct 50 < "$tmp/cache.us")")" "" ""
kill $sim; wait $sim 2>/dev/null || true

echo "== gateway ==" >&2
n=${quick:+400}; n=${n:-4000}
$bin/examples/gateway_load -n "$n" -k 4 | tee "$tmp/load.txt" >&2
rate=$(sed -n 's/^confirmations: .* = \([0-9]*\)\/s.*/\1/p' "$tmp/load.txt")
cpu_us=$(sed -n 's/^gateway CPU: *\([0-9]*\) µs.*/\1/p' "$tmp/load.txt")
alone=$(sed -n 's/^gateway CPU:.* = \([0-9]*\)\/s.*/\1/p' "$tmp/load.txt")
$bin/examples/rsa_verify_rate 2 3 | tee "$tmp/rsa.txt" >&2
limit=$(sed -n 's/^RATE|//p' "$tmp/rsa.txt")
crypto=$(sed -n 's/^CRYPTO|//p' "$tmp/rsa.txt")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
row "Gateway" "confirmations/s with every check ($n, 4 client threads on the same 2 cores, HTTPS on loopback)" "$rate/s" "ring RSA-2048 verify, 2 threads: $limit/s" "$(ratio "$rate" "$limit")"
row "Gateway" "the same, against the cryptography one confirmation needs (2 RSA-2048 verifications; the kiosk is known from its TLS handshake)" "$rate/s" "$crypto/s" "$(ratio "$rate" "$crypto")"
row "Gateway" "the gateway's own CPU time a confirmation ($cpu_us µs, from /proc): its rate with both cores to itself" "$alone/s" "$crypto/s" "$(ratio "$alone" "$crypto")"
$bin/examples/gateway_load -n "$((n / 2))" --in-process | tee "$tmp/service.txt" >&2
tls_us=$(sed -n 's/^in-process, kiosk known from TLS: .*confirmation \([0-9]*\) µs/\1/p' "$tmp/service.txt")
signed_us=$(sed -n 's/^in-process, signed request: .*confirmation \([0-9]*\) µs/\1/p' "$tmp/service.txt")
# One thread's µs a verification, from the 2-thread rates.
ed=$(sed -n 's/^ED25519|//p' "$tmp/rsa.txt")
rsa_us=$(awk -v r="$limit" 'BEGIN { printf "%.0f", 2e6 / r }')
ed_us=$(awk -v r="$ed" 'BEGIN { printf "%.0f", 2e6 / r }')
row "Gateway" "a confirmation's work without HTTP, TLS and the runtime (in-process, one thread, the kiosk known from its TLS handshake)" "$tls_us µs" "the gateway's CPU over HTTPS: $cpu_us µs" "$(ratio "$tls_us" "$cpu_us")"
row "Gateway" "of it the cryptography: 2 × RSA-2048 (CA, card), $rsa_us µs each" "$((2 * rsa_us)) µs" "$tls_us µs" "$(ratio "$((2 * rsa_us))" "$tls_us")"
row "Gateway" "the same work for a signed request (plain HTTP, or a kiosk without its TLS identity): one Ed25519 verification ($ed_us µs) more" "$signed_us µs" "$tls_us µs" "$(ratio "$signed_us" "$tls_us")"
bash scripts/bench/gateway-cores.sh "$bin" > "$tmp/cores.txt"
collect "$tmp/cores.txt"

echo "== app ==" >&2
n=99; while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
DISPLAY=":$n" MYNA_LOG=info $bin/myna-kiosk demo > "$tmp/demo.log" 2>&1 &
demo=$!
for _ in $(seq 300); do grep -q "first frame" "$tmp/demo.log" && break; sleep 0.1; done
first=$(sed -n 's/.*since_start_ms=\([0-9]*\).*first frame.*/\1/p; s/.*first frame.*since_start_ms=\([0-9]*\).*/\1/p' "$tmp/demo.log" | head -1)
row "App" "cold start to the first idle frame (myna-kiosk demo under Xvfb, Mesa software GL)" "${first:-?} ms" "" ""
sleep 2
ticks() { awk '{ print $14 + $15 }' "/proc/$demo/stat"; }
t0=$(ticks); sleep "$idle_s"; t1=$(ticks)
hz=$(getconf CLK_TCK)
row "App" "CPU while idle waiting for a card, over $idle_s s" "$(awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$idle_s" 'BEGIN { printf "%.2f %%", 100 * d / hz / s }')" "$((t1 - t0)) clock ticks" ""
kill $demo $xvfb; wait $demo $xvfb 2>/dev/null || true
$bin/examples/visits_memory "$visits" | tee "$tmp/visits.txt" >&2
collect "$tmp/visits.txt"

echo "== store ==" >&2
$bin/examples/store_bench | tee "$tmp/store.txt" >&2
collect "$tmp/store.txt"
$bin/examples/outbox_bench ${quick:+2000} | tee "$tmp/outbox.txt" >&2 || echo "bench: outbox_bench failed" >&2
collect "$tmp/outbox.txt"

echo "== face ==" >&2
if $bin/examples/face-bench > "$tmp/face.txt" 2>&1; then collect "$tmp/face.txt"; else echo "bench: face-bench needs scripts/fetch-models.sh" >&2; fi
cat "$tmp/face.txt" >&2

echo "| area | measure | value | compared with | ratio |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "$(nproc) cores, $(awk -F: '/model name/ { print $2; exit }' /proc/cpuinfo | sed 's/^ *//'), $(date -u +%Y-%m-%d)"
