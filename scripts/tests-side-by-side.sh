#!/usr/bin/env bash
# Runs every test executable of the workspace (what `cargo test --workspace --tests` runs) in two
# lines side by side instead of one after another: the kiosk's integration tests (`tests/it`,
# most of the time, much of it waiting on processes, pcscd and the vpcd readers) in front, and
# every other executable beside them, niced, so that they take the CPU the first leave idle
# (docs/benchmarks.md). Their output follows the kiosk's. Run inside scripts/with-pcscd.sh, by
# scripts/test.sh when it is given no arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each test executable (not the programs built for the tests to start) with the folder of its
# package (cargo runs a test from there), tab-separated: from cargo's artifact messages, whose
# fields come in this order and whose profile (not the target: its `test` is whether it has
# tests) ends with `"overflow_checks":…,"test":true` for a test executable.
# Built first on its own line, so that a test that does not compile stops the script here.
artifacts=$(cargo test --quiet --workspace --tests --no-run --message-format=json-render-diagnostics)
others=$(grep -E '"overflow_checks":(true|false),"test":true\}' <<<"$artifacts" |
    sed -n 's|.*"manifest_path":"\([^"]*\)/Cargo.toml".*"executable":"\([^"]*\)".*|\1\t\2|p' |
    grep -v '/deps/it-[0-9a-f]*$' || true)
[ -n "$others" ] || { echo "tests-side-by-side: cargo listed no test executables" >&2; exit 1; }

side_log=$(mktemp)
side_status=$(mktemp)
(
    status=0
    while IFS=$'\t' read -r dir exe; do
        echo "     Running ${exe#"$PWD/"} (beside)"
        (cd "$dir" && nice -n 10 "$exe" </dev/null) || status=1
    done <<<"$others"
    echo "$status" >"$side_status"
) >"$side_log" 2>&1 &
side=$!

kiosk=0
cargo test --workspace --test it || kiosk=$?
wait "$side" || true
cat "$side_log"
side_failed=$(cat "$side_status")
rm -f "$side_log" "$side_status"
if [ "$side_failed" != 0 ]; then
    echo "tests-side-by-side: a test executable beside the kiosk's failed (above)" >&2
    exit 1
fi
exit "$kiosk"
