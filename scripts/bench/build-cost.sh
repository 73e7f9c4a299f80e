#!/usr/bin/env bash
# What the test build costs, from a fresh clone: the disk of target/ after building every test
# (`cargo test --workspace --no-run`, what the README's test command builds), its wall and CPU
# time, then the rebuild after touching one line in the reception flow and one in the card layer.
#   bash scripts/bench/build-cost.sh [REV]     (default HEAD; e.g. 7b8b9ca for before the workspace)
# Needs the crates already in ~/.cargo/registry (a warm registry, as the issue measures); one
# table row a figure on stdout, cargo's output on stderr. Slow: a whole build from nothing.
set -euo pipefail
rev=${1:-HEAD}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/src"
git -C "$work/src" checkout --quiet "$rev"
cd "$work/src"
export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0
unset CARGO_BUILD_BUILD_DIR
# Old revisions are one package; `--workspace` is the same there.
build() {
  /usr/bin/time -f '%e %U %S' -o "$work/time" cargo test --workspace --no-run --quiet >&2
  figures=$(awk '{ printf "%.0f s / %.0f s", $1, $2 + $3 }' "$work/time")
}
row() { printf '| %s | %s | %s |\n' "$rev" "$1" "$2"; }
build
row "fresh test build: wall / CPU (user+sys)" "$figures"
row "target/ after it" "$(du -sh "$work/target" | cut -f1)"
flow=src/reception/flow.rs
card=$( [ -d crates/myna-card ] && echo crates/myna-card/src/apdu.rs || echo src/card/apdu.rs)
for file in "$flow" "$card"; do
  echo "// touched" >> "$file"
  build
  row "rebuild after one line in $file: wall / CPU" "$figures"
  git checkout --quiet -- "$file"
done
