#!/usr/bin/env bash
# What the README's test command costs, from a fresh clone of REV with an empty target directory
# and a warm crates registry: `bash scripts/test.sh` (build and every test) wall and CPU time and
# the disk of target/ after it; then the rebuild after one line in the reception flow and one in
# the card layer (`bash scripts/test.sh --no-run`: build only).
#   bash scripts/bench/build-cost.sh [REV]     (default HEAD; e.g. 7b8b9ca for before the workspace)
# One table row a figure on stdout, the command's output on stderr. Slow: a whole build from
# nothing and the whole suite. Run it with nothing else on the machine.
set -euo pipefail
rev=${1:-HEAD}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/src"
git -C "$work/src" checkout --quiet "$rev"
cd "$work/src"
# The face models and photos install-deps.sh would download: taken from this checkout, so that
# the network does not count (the audio guidance is synthesised, as from any fresh clone).
for ignored in assets/models fixtures/faces; do
  mkdir -p "$ignored" && cp -a "$repo/$ignored/." "$ignored/"
done
export CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0
unset CARGO_BUILD_BUILD_DIR
timed() { # FILE COMMAND…
  local out=$1 status=0; shift
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >&2 || status=$?
  # (its last line: /usr/bin/time writes "Command exited with non-zero status N" before it)
  tail -1 "$work/time" | awk -v s="$status" \
    '{ printf "%.0f s / %.0f s%s", $1, $2 + $3, (s == 0 ? "" : " (exit " s ")") }' >"$out"
}
row() { printf '| %s | %s | %s |\n' "$rev" "$1" "$2"; }
timed "$work/fig" bash scripts/test.sh
row "README test command (build + tests), fresh clone: wall / CPU (user+sys)" "$(cat "$work/fig")"
row "target/ after it" "$(du -sh "$work/target" | cut -f1)"
# (a file git knows at every revision measured: the flow's own module, the card layer's APDUs)
flow=src/reception/flow.rs
card=$( [ -f crates/myna-card/src/apdu.rs ] && echo crates/myna-card/src/apdu.rs || echo src/card/apdu.rs)
for file in "$flow" "$card"; do
  echo "// touched" >> "$file"
  timed "$work/fig" bash scripts/test.sh --no-run
  row "rebuild after one line in $file: wall / CPU" "$(cat "$work/fig")"
  git checkout --quiet -- "$file"
done
