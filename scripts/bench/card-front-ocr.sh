#!/usr/bin/env bash
# The card-front OCR benchmark of issue 20: over the held-out synthetic set (seed
# myna_synth::HELD_OUT_SEED, never tuned on; default 500 cards), each card photographed as 3 s
# of frames at the kiosk's 10 frames a second (FRAMES=30) in the hand of a virtual patient who
# does what the screen asks after half a second (closer, into view, hold still, tilt;
# `--ignore-guidance` for one who does not), the frames fed one by one to ONE
# FrameReader per card (card finder, guidance, field readings, parser, agreement: what the kiosk
# runs). Reports the share of cards whose agreed 照合番号B is right, the share with a WRONG
# agreed code (it would be shown to the patient), the share given up (typing) or undecided, the
# frames until agreed, the time of read_frame per frame, the model load time and the peak memory
# (VmHWM). Release build; `taskset` pins it to two cores (the issue's target machine) when CORES
# is set, e.g. CORES=0,1. Extra arguments go to `myna-synth bench`: `--seed dev` for the
# development set (look at failures only there, with `--misread DIR`), `--true-corners` to read
# at the true corners instead of the finder's (diagnosis).
#   bash scripts/bench/card-front-ocr.sh
#   COUNT=50 bash scripts/bench/card-front-ocr.sh --seed dev --misread target/misread
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${COUNT:-500}
frames=${FRAMES:-30}
bash scripts/fetch-ocr-models.sh >&2
cargo build --release --quiet -p myna-synth >&2
bin=${CARGO_TARGET_DIR:-target}/release/myna-synth
pin=()
[ -z "${CORES:-}" ] || pin=(taskset -c "$CORES")
exec "${pin[@]}" "$bin" bench --count "$count" --frames "$frames" --models assets/models --faces fixtures/faces "$@"
