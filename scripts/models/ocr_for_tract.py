#!/usr/bin/env python3
"""Make a PaddleOCR ONNX export loadable by tract, and write its alphabet beside it.

The PP-OCRv6 files in PyPI rapidocr 3.10.0 carry intermediate shapes (graph.value_info) with a
symbolic batch dimension that tract 0.23 cannot unify with the concrete batch the kiosk sets
(docs/card-front-ocr.md §3). Those shapes are only hints: dropping them, and the output's, changes
no weight and no operator; tract infers the shapes itself. The recogniser's alphabet is in
metadata_props["character"], one character a line; it is copied to a text file so that the kiosk
needs no protobuf reader for it.

    ocr_for_tract.py IN.onnx OUT.onnx [OUT.keys.txt]
"""
import sys

import onnx

model = onnx.load(sys.argv[1])
del model.graph.value_info[:]
for output in model.graph.output:
    output.type.tensor_type.ClearField("shape")
onnx.save(model, sys.argv[2])
if len(sys.argv) > 3:
    alphabet = {p.key: p.value for p in model.metadata_props}["character"]
    with open(sys.argv[3], "w", encoding="utf-8") as keys:
        keys.write(alphabet if alphabet.endswith("\n") else alphabet + "\n")
