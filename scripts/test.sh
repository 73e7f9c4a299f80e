#!/usr/bin/env bash
# The test command (README): installs what the tests need on Debian (as root, or with sudo),
# then runs every crate's tests (what `cargo test --workspace --tests` runs; without arguments
# two executables at a time, scripts/tests-side-by-side.sh) next to a private pcscd with vpcd
# readers. Arguments go to that cargo test (e.g. `-- reporting::`, or `--no-run`).
# The examples are benchmarks and tours, built by their scripts (CI builds and lints them);
# only the clinic-day simulation is built here, as tests/it/clinic_day.rs runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Incremental files (~0.6 GB of target/ for the tests) only help the next edit-and-rebuild; this
# command builds everything once. CARGO_INCREMENTAL=1 to keep them.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
# The programs the tests start, built as `cargo test` builds them (the test profile: no symbols,
# Cargo.toml), so that they are linked once, not once more for the dev profile. Not myna-synth
# (the benchmark's program; CI compiles it).
cargo build --quiet --profile test --workspace --exclude myna-synth --bins --example clinic_day
# Six tests at a time: many wait on processes, pcscd and the four vpcd readers (the kiosk's
# integration binary on 2026-12-04: 183 s at four with two readers, 140 s at four with four, 110
# s at six; docs/benchmarks.md, "What the test build costs"). RUST_TEST_THREADS=N to choose.
export RUST_TEST_THREADS=${RUST_TEST_THREADS:-6}
if [ $# -gt 0 ]; then
    exec bash scripts/with-pcscd.sh cargo test --workspace --tests "$@"
fi
# Without arguments, the kiosk's integration tests and the other executables side by side.
exec bash scripts/with-pcscd.sh bash scripts/tests-side-by-side.sh
