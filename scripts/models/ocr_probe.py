#!/usr/bin/env python3
"""Probe the registry OCR models for the card-front fields (research for issue 20).

Renders the printed fields 照合番号B needs (birth date in era and Western form, expiry date,
security code) with Debian's Noto CJK fonts, degrades them like a camera would, and runs each
recogniser through onnxruntime and through tract (PyPI `tract`, the same version as Cargo.lock),
so that the outputs of the two engines can be compared and the read text checked.
A detector is also run once on a rendered card through both engines.

Synthetic data only; nothing here reads a real card. Usage (see docs/card-front-ocr.md):
    python ocr_probe.py --rec NAME=MODEL.onnx ... --det NAME=MODEL.onnx ... [--keys NAME=keys.txt]
"""
import argparse
import time

import numpy as np
import onnx
import onnxruntime as ort
import tract
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = {
    "sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
}
# Synthetic values in the printed forms (era birth date, Western birth date on some
# foreign residents' cards, expiry line, security code).
FIELDS = [
    "昭和55年 2月17日生",
    "平成12年12月 1日生",
    "令和 3年 5月 6日生",
    "1980年 2月17日生",
    "2035年 2月17日まで有効",
    "2285",
    "0719",
]
HEIGHT = 48


def render(text, font_path, px=30):
    font = ImageFont.truetype(font_path, px, index=0)
    left, top, right, bottom = font.getbbox(text)
    img = Image.new("L", (right - left + 16, bottom - top + 12), 255)
    ImageDraw.Draw(img).text((8 - left, 6 - top), text, font=font, fill=20)
    return img


def degrade(img, kind, rng):
    if kind == "clean":
        return img
    if kind == "blur":
        return img.filter(ImageFilter.GaussianBlur(1.2))
    if kind == "lowres":  # the field only ~14 px high in the frame
        w, h = img.size
        return img.resize((max(1, w * 14 // h), 14), Image.BILINEAR).resize((w, h), Image.BILINEAR)
    if kind == "noise":
        a = np.asarray(img, np.float32) + rng.normal(0, 18, (img.size[1], img.size[0]))
        return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if kind == "tilt":
        return img.rotate(2.5, resample=Image.BILINEAR, expand=True, fillcolor=255)
    if kind == "dim":  # low light: low contrast, grey background
        a = np.asarray(img, np.float32) * 0.35 + 70
        return Image.fromarray(a.astype(np.uint8))
    raise ValueError(kind)


def rec_input(img):
    """PaddleOCR recogniser input: height 48, width by aspect ratio, (x/255-0.5)/0.5, 3 channels."""
    w, h = img.size
    width = max(HEIGHT, int(np.ceil(HEIGHT * w / h)))
    a = np.asarray(img.convert("RGB").resize((width, HEIGHT), Image.BILINEAR), np.float32)
    a = (a / 255.0 - 0.5) / 0.5
    return a.transpose(2, 0, 1)[None].astype(np.float32)


# The only characters the three fields need; decoding is limited to them (令 is otherwise read
# as 今 by a Chinese-trained recogniser).
ALLOWED = set("0123456789年月日生明治大正昭和平成令")


def field_value(text):
    """What 照合番号B needs from a line: the birth line whole, the expiry line up to its 年."""
    return text[: text.index("年") + 1] if "まで" in text or "有効" in text else text


def ctc_decode(probs, charset, allowed=None):
    if allowed is not None:
        mask = np.array([i == 0 or c in allowed for i, c in enumerate(charset)])
        probs = np.where(mask, probs, -1.0)
    idx = probs.argmax(-1)
    out, prev = [], -1
    for i in idx:
        if i != prev and i != 0:
            out.append(charset[i])
        prev = i
    return "".join(out)


def charset_of(path, keys):
    m = onnx.load(path, load_external_data=False)
    meta = {p.key: p.value for p in m.metadata_props}
    chars = meta["character"].split("\n") if "character" in meta else open(keys, encoding="utf-8").read().split("\n")
    chars = [c for c in chars if c != ""] if "character" not in meta else chars
    return ["<blank>"] + chars + [" "]


class Tract:
    def __init__(self, path):
        self.path = path
        self.cache = {}

    def run(self, x):
        shape = x.shape
        if shape not in self.cache:
            t0 = time.perf_counter()
            m = tract.onnx().load(self.path)
            m.set_input_fact(0, ",".join(str(d) for d in shape) + ",f32")
            self.cache[shape] = (m.into_model().into_runnable(), time.perf_counter() - t0)
        return self.cache[shape][0].run([x])[0].to_numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rec", action="append", default=[])
    ap.add_argument("--det", action="append", default=[])
    ap.add_argument("--keys", action="append", default=[])
    args = ap.parse_args()
    keys = dict(k.split("=", 1) for k in args.keys)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    rng = np.random.default_rng(20)
    kinds = ["clean", "blur", "lowres", "noise", "tilt", "dim"]
    for spec in args.rec:
        name, path = spec.split("=", 1)
        charset = charset_of(path, keys.get(name))
        sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
        tr = Tract(path)
        ok = {"ort": 0, "tract": 0, "field": 0}
        total, worst, misses, times = 0, 0.0, [], []
        for fname, fpath in FONTS.items():
            for text in FIELDS:
                for kind in kinds:
                    x = rec_input(degrade(render(text, fpath), kind, rng))
                    p_ort = sess.run(None, {sess.get_inputs()[0].name: x})[0][0]
                    tr.run(x)  # first run per shape builds the plan
                    t0 = time.perf_counter()
                    p_tr = tr.run(x)[0]
                    times.append((x.shape[3], time.perf_counter() - t0))
                    worst = max(worst, float(np.abs(p_ort - p_tr).max()))
                    want = text.replace(" ", "")
                    for eng, p in (("ort", p_ort), ("tract", p_tr)):
                        got = ctc_decode(p, charset).replace(" ", "")
                        if got == want:
                            ok[eng] += 1
                        elif eng == "tract":
                            misses.append(f"{fname}/{kind}: {want!r} -> {got!r}")
                    got = ctc_decode(p_tr, charset, ALLOWED).replace(" ", "")
                    if got.startswith(field_value(want)):
                        ok["field"] += 1
                    else:
                        misses.append(f"{fname}/{kind} limited: {field_value(want)!r} -> {got!r}")
                    total += 1
        builds = [v[1] for v in tr.cache.values()]
        print(f"REC {name}: classes {len(charset)}; exact ort {ok['ort']}/{total}, tract {ok['tract']}/{total}; "
              f"max |ort - tract| prob {worst:.2e}; field value right (tract, limited alphabet) {ok['field']}/{total}")
        ws = sorted(times)
        print(f"  tract run (1 line, after plan built): median {1000 * ws[len(ws) // 2][1]:.1f} ms at width "
              f"{ws[len(ws) // 2][0]}; plan build per width median {1000 * sorted(builds)[len(builds) // 2]:.0f} ms")
        for m in misses:
            print("  miss", m)
    for spec in args.det:
        name, path = spec.split("=", 1)
        card = Image.new("L", (856, 540), 235)
        d = ImageDraw.Draw(card)
        f = ImageFont.truetype(FONTS["sans"], 24)
        for y, t in ((40, "氏名 試験 花子"), (110, "住所 東京都千代田区試験町1-2-3"), (200, "昭和55年 2月17日生"),
                     (260, "2035年 2月17日まで有効"), (470, "2285")):
            d.text((40 if y < 400 else 640, y), t, font=f, fill=20)
        a = np.asarray(card.convert("RGB").resize((864, 544)), np.float32) / 255.0
        # PP-OCRv4's normalisation for every detector: this run compares the engines, it does
        # not measure detection (PP-OCRv6 det expects mean and std 0.5).
        mean, std = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
        x = ((a - mean) / std).transpose(2, 0, 1)[None].astype(np.float32)
        sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
        p_ort = sess.run(None, {sess.get_inputs()[0].name: x})[0]
        tr = Tract(path)
        p_tr = tr.run(x)
        t0 = time.perf_counter()
        tr.run(x)
        dt = time.perf_counter() - t0
        print(f"DET {name}: out {p_tr.shape}; max |ort - tract| {float(np.abs(p_ort - p_tr).max()):.2e}; "
              f"text pixels (>0.3) {float((p_tr > 0.3).mean()):.3f}; tract run {1000 * dt:.0f} ms at 864x544; "
              f"plan build {1000 * list(tr.cache.values())[0][1]:.0f} ms")


if __name__ == "__main__":
    main()
