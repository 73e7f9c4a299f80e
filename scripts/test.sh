#!/usr/bin/env bash
# The test command (README): installs what the tests need on Debian (as root, or with sudo),
# then runs every crate's tests (`cargo test --workspace --lib --tests`) next to a private pcscd
# with vpcd readers. Arguments go to cargo test (e.g. `-- reporting::`, or `--no-run`).
# The examples are benchmarks and tours, built by their scripts (CI's clippy checks that they
# compile); only the clinic-day simulation is built here, as tests/it/clinic_day.rs runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Incremental files (~0.6 GB of target/ for the tests) only help the next edit-and-rebuild; this
# command builds everything once. CARGO_INCREMENTAL=1 to keep them.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
cargo build --quiet --workspace --bins --example clinic_day
# Four tests at a time: they wait on processes, pcscd and the two vpcd readers more than on the
# CPU (four took about half the wall time of two; docs/benchmarks.md, "What the test build
# costs"). RUST_TEST_THREADS=N to choose.
export RUST_TEST_THREADS=${RUST_TEST_THREADS:-4}
# With arguments (a filter, `--no-run`): one `cargo test` as given.
[ "$#" = 0 ] || exec bash scripts/with-pcscd.sh cargo test --workspace --lib --tests "$@"
cargo test --quiet --workspace --lib --tests --no-run
# The kiosk's integration binary, the longest, waits on processes and the readers most of its
# time: every other test binary (the OCR ones are CPU-bound) runs beside it, niced so that it
# keeps the CPU it needs; their output follows its own. Cargo does not lock the build directory
# while tests run.
all_tests() {
    local others status=0
    others=$(mktemp)
    nice -n 10 bash -c 'cargo test --workspace --exclude myna-kiosk --lib --tests &&
        cargo test -p myna-kiosk --lib --test cli' >"$others" 2>&1 &
    local pid=$!
    cargo test -p myna-kiosk --test it || status=$?
    wait "$pid" || status=$?
    cat "$others"
    rm -f "$others"
    return "$status"
}
exec bash scripts/with-pcscd.sh bash -c "set -uo pipefail; $(declare -f all_tests); all_tests"
