#!/usr/bin/env python3
"""Rebuild dlib's face-recognition ResNet (dlib_face_recognition_resnet_model_v1, CC0) as ONNX.

Input: the TF.js "layers" weights that npm @vladmandic/face-api ships
(model/face_recognition_model-weights_manifest.json + face_recognition_model.bin).
Output: an ONNX graph, input `image` [1,3,150,150] RGB 0..255 (float), output `descriptor` [1,128].

Why a graph of our own: the TF.js file is only weights; the topology below is dlib's
(metric-learning ResNet-34-like), written from the layer names in the manifest:
  conv 7x7/2 (valid) -> max pool 3/2 -> 3x res32 -> res64 down + 3x res64 -> res128 down + 2x res128
  -> res256 down + 2x res256 -> res256 down -> global average -> 256x128 matrix.
Every conv is followed by a per-channel affine ("scale") layer; we fold it into the conv.
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# dlib's input layer subtracts these means and divides by 256 (input_rgb_image_sized).
MEAN_RGB = [122.782, 117.001, 104.298]
INPUT_DIVISOR = 256.0


def load_weights(manifest_path, bin_path):
    manifest = json.load(open(manifest_path))
    raw = open(bin_path, "rb").read()
    weights, offset = {}, 0
    for group in manifest:
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"]))
            quant = spec.get("quantization")
            if quant:
                if quant["dtype"] != "uint8":
                    sys.exit(f"unsupported quantisation {quant['dtype']}")
                values = np.frombuffer(raw, np.uint8, count, offset).astype(np.float64)
                values = values * quant["scale"] + quant["min"]
                offset += count
            else:
                values = np.frombuffer(raw, np.float32, count, offset).astype(np.float64)
                offset += 4 * count
            weights[spec["name"]] = values.reshape(spec["shape"])
    if offset != len(raw):
        sys.exit(f"weights file has {len(raw)} bytes, manifest describes {offset}")
    return weights


class Graph:
    def __init__(self, weights):
        self.w = weights
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, hint):
        self.n += 1
        return f"{hint}_{self.n}"

    def const(self, hint, array):
        name = self.name(hint)
        self.inits.append(numpy_helper.from_array(np.asarray(array, np.float32), name))
        return name

    def node(self, op, inputs, hint, **attrs):
        out = self.name(hint)
        self.nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def conv(self, x, prefix, stride, relu):
        """conv + bias, then the per-channel affine folded in: (W*x+b)*s+t = (W*s)*x + (b*s+t)."""
        filters = self.w[f"{prefix}/conv/filters"]  # HWIO
        bias = self.w[f"{prefix}/conv/bias"]
        scale = self.w[f"{prefix}/scale/weights"]
        shift = self.w[f"{prefix}/scale/biases"]
        kernel = np.transpose(filters * scale, (3, 2, 0, 1))  # -> OIHW
        k = kernel.shape[2]
        # 'valid' for the stride-2 convolutions, 'same' otherwise (as dlib and face-api do).
        pad = 0 if stride == 2 else k // 2
        out = self.node(
            "Conv",
            [x, self.const(prefix + "_w", kernel), self.const(prefix + "_b", bias * scale + shift)],
            prefix,
            kernel_shape=[k, k],
            strides=[stride, stride],
            pads=[pad] * 4,
        )
        return self.node("Relu", [out], prefix + "_relu") if relu else out

    def residual(self, x, prefix):
        out = self.conv(x, prefix + "/conv1", 1, True)
        out = self.conv(out, prefix + "/conv2", 1, False)
        return self.node("Relu", [self.node("Add", [out, x], prefix + "_add")], prefix + "_relu")

    def residual_down(self, x, prefix, in_ch, out_ch, in_size):
        out = self.conv(x, prefix + "/conv1", 2, True)
        out = self.conv(out, prefix + "/conv2", 1, False)
        conv_size = (in_size - 3) // 2 + 1
        pooled_size = in_size // 2
        # Shortcut: 2x2 average pool, channels padded with zeros.
        short = self.node("AveragePool", [x], prefix + "_pool", kernel_shape=[2, 2], strides=[2, 2])
        if out_ch != in_ch:
            pads = np.array([0, 0, 0, 0, 0, out_ch - in_ch, 0, 0], np.int64)
            short = self.node("Pad", [short, self.int_const(prefix + "_cpad", pads)], prefix + "_cpad")
        # When the input size is even, the valid conv is one smaller than the pool: pad it at the end.
        if conv_size != pooled_size:
            d = pooled_size - conv_size
            pads = np.array([0, 0, 0, 0, 0, 0, d, d], np.int64)
            out = self.node("Pad", [out, self.int_const(prefix + "_spad", pads)], prefix + "_spad")
        add = self.node("Add", [out, short], prefix + "_add")
        return self.node("Relu", [add], prefix + "_relu"), pooled_size

    def int_const(self, hint, array):
        name = self.name(hint)
        self.inits.append(numpy_helper.from_array(array, name))
        return name


def build(weights):
    g = Graph(weights)
    mean = g.const("mean", np.array(MEAN_RGB).reshape(1, 3, 1, 1))
    x = g.node("Sub", ["image", mean], "centre")
    x = g.node("Mul", [x, g.const("divisor", np.array(1.0 / INPUT_DIVISOR))], "normalise")
    x = g.conv(x, "conv32_down", 2, True)  # 150 -> 72
    x = g.node("MaxPool", [x], "maxpool", kernel_shape=[3, 3], strides=[2, 2])  # -> 35
    size = 35
    for i in (1, 2, 3):
        x = g.residual(x, f"conv32_{i}")
    x, size = g.residual_down(x, "conv64_down", 32, 64, size)
    for i in (1, 2, 3):
        x = g.residual(x, f"conv64_{i}")
    x, size = g.residual_down(x, "conv128_down", 64, 128, size)
    for i in (1, 2):
        x = g.residual(x, f"conv128_{i}")
    x, size = g.residual_down(x, "conv256_down", 128, 256, size)
    for i in (1, 2):
        x = g.residual(x, f"conv256_{i}")
    x, size = g.residual_down(x, "conv256_down_out", 256, 256, size)
    x = g.node("GlobalAveragePool", [x], "gap")
    x = g.node("Flatten", [x], "flatten", axis=1)
    fc = g.const("fc", weights["fc"])
    g.nodes.append(helper.make_node("MatMul", [x, fc], ["descriptor"]))
    graph = helper.make_graph(
        g.nodes,
        "dlib_face_recognition_resnet_v1",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 150, 150])],
        [helper.make_tensor_value_info("descriptor", TensorProto.FLOAT, [1, 128])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="myna-kiosk scripts/models")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: dlib_resnet_to_onnx.py MANIFEST.json WEIGHTS.bin OUT.onnx")
    model = build(load_weights(sys.argv[1], sys.argv[2]))
    onnx.save(model, sys.argv[3])


if __name__ == "__main__":
    main()
