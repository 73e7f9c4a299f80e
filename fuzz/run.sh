#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 300) with ASan (nightly, cargo-fuzz), from the
# seeds in fuzz/seeds/<target> (committed) into fuzz/corpus/<target> (not committed), and
# prints one line a target: runs, coverage (cov: edges, ft: features), corpus size, crashes.
#   bash fuzz/run.sh [SECONDS] [TARGET…]
# Inputs are up to libFuzzer's default length, except clinic_xml: up to 1 MiB, the size of the
# largest res file the kiosk reads (src/clinic/xml.rs MAX_DOCUMENT_BYTES), so that the depth,
# element and size limits are reached; -len_control=0 lets inputs grow to that size from the start
# A crash leaves its input in fuzz/artifacts/<target>/; make it a unit test before fixing it.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}; shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
targets=("$@"); [ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
for t in "${targets[@]}"; do cargo +nightly fuzz build -O --features targets "$t"; done
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  extra=()
  case $t in clinic_xml) extra=(-max_len=1048576 -len_control=0 -rss_limit_mb=4096) ;; esac
  if cargo +nightly fuzz run -O --features targets "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$seconds" \
       -print_final_stats=1 "${extra[@]}" >"$log" 2>&1; then crash=no; else crash=YES; status=1; fi
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo ?)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" || echo "cov: ?"); ft=$(grep -oE 'ft: [0-9]+' <<<"$last" || echo "ft: ?")
  echo "$t: ${seconds}s, $runs runs, $cov, $ft, corpus $(ls "corpus/$t" | wc -l), crash: $crash"
  [ $crash = no ] || tail -30 "$log"
  rm -f "$log"
done
exit $status
