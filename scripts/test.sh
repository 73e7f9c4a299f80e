#!/usr/bin/env bash
# The test command (README): installs what the tests need on Debian (as root, or with sudo),
# then runs every crate's tests (`cargo test --workspace --lib --tests`) next to a private pcscd
# with vpcd readers. Arguments go to cargo test (e.g. `-- reporting::`, or `--no-run`).
# The examples are benchmarks and tours, built by their scripts (CI's clippy checks that they
# compile); only the clinic-day simulation is built here, as tests/it/clinic_day.rs runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo build --quiet --workspace --bins --example clinic_day
# Most integration tests wait on processes, pcscd and the two vpcd readers (taken from one pool,
# tests/it/common/stack.rs), not on the CPU: four at a time take about half the wall time of two
# (docs/benchmarks.md, "What the test build costs"); more made the card tests flaky on a busy
# machine.
export RUST_TEST_THREADS=${RUST_TEST_THREADS:-4}
exec bash scripts/with-pcscd.sh cargo test --workspace --lib --tests "$@"
