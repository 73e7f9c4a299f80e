#!/usr/bin/env python3
"""Rewrite an ONNX file in a canonical order so that its sha256 can be pinned.

tflite2onnx emits the same graph with its initializers (and value infos) in a different order from
run to run; sorting them by name changes nothing the runtime sees.
"""
import sys

import onnx

model = onnx.load(sys.argv[1])
graph = model.graph
for field in (graph.initializer, graph.value_info):
    items = sorted(field, key=lambda t: t.name)
    del field[:]
    field.extend(items)
onnx.save(model, sys.argv[2])
