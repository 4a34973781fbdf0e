#!/usr/bin/python3
"""Synflow of NAS-Bench-201 networks in float64 with PyTorch: the check on the toolkit's float32, log-scaled synflow.

Reads DIR/manifest.json, written by the toolkit's test (test/estimators/zero-cost/dump-nb201.ts):
  {"image": [H, W, C], "classes": K, "channels": C0, "cellsPerStage": N,
   "archs": [{"arch": "|nor_conv_3x3~0|+|...|", "file": "arch-0.bin",
              "tensors": [{"name": "stem.conv.weight", "shape": [3, 3, 3, 16], "offset": 0}, ...]}]}
where each .bin holds the network's initial float32 weights (little-endian, TensorFlow layouts: conv HWIO, linear [in, out]).
Builds the same network from the architecture string: 3x3 conv stem; three stages of N cells at widths C0, 2 C0, 4 C0
joined by residual reduction blocks (3x3 stride-2 conv, 3x3 conv, plus 2x2 average pool and a 1x1 conv); global mean;
linear classifier with bias. TensorFlow's 'same' padding (a stride-2 3x3 conv on an even size pads one row and column
at the end only), average pooling that leaves padding out of the count. Synflow (Tanaka et al. 2020, as a NAS proxy by
Abdelfattah et al. 2021): absolute weights, BatchNorm removed, an all-ones image, R = sum of the logits,
S = sum over conv and linear weights of w * dR/dw, by autograd in float64.
Prints one JSON line per architecture: {"arch": ..., "log_synflow": ln S or null when S == 0}.
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

OPS = ('none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3')


def same_pad(size, k, s):
    total = max((math.ceil(size / s) - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def conv(x, w_hwio, stride=1):
    k = w_hwio.shape[0]
    top, bottom = same_pad(x.shape[2], k, stride)
    left, right = same_pad(x.shape[3], k, stride)
    return F.conv2d(F.pad(x, (left, right, top, bottom)), w_hwio.permute(3, 2, 0, 1), stride=stride)


def parse(arch):
    """'|op~from|+|op~from|op~from|+|...|' -> per node (1, 2, 3) a list of (from, op)."""
    nodes = []
    for part in arch.split('+'):
        edges = [e for e in part.split('|') if e]
        nodes.append([(int(e.split('~')[1]), e.split('~')[0]) for e in edges])
    return nodes


def log_synflow(entry, meta, folder):
    raw = np.fromfile(f'{folder}/{entry["file"]}', dtype='<f4')
    w = {}
    for t in entry['tensors']:
        n = int(np.prod(t['shape']))
        value = torch.from_numpy(raw[t['offset']:t['offset'] + n].astype(np.float64)).reshape(t['shape']).abs()
        w[t['name']] = value.requires_grad_(True)
    edge_index = {(e['from'], e['to']): e['index'] for e in meta['edges']}
    h_, w_, c_ = meta['image']
    x = torch.ones(1, c_, h_, w_, dtype=torch.float64)
    h = conv(x, w['stem.conv.weight'])
    cells = parse(entry['arch'])
    index = 0
    for stage in range(3):
        if stage > 0:
            p = f'cells.{index}'
            index += 1
            main = conv(F.relu(conv(F.relu(h), w[f'{p}.conv_a.conv.weight'], 2)), w[f'{p}.conv_b.conv.weight'])
            h = main + conv(F.avg_pool2d(h, 2, 2), w[f'{p}.downsample.weight'])
        for _ in range(meta['cellsPerStage']):
            p = f'cells.{index}.edges'
            index += 1
            states = [h]
            for to, incoming in enumerate(cells, start=1):
                total = torch.zeros_like(h)
                for src, op in incoming:
                    assert op in OPS, op
                    e = edge_index[(src, to)]
                    if op == 'nor_conv_3x3' or op == 'nor_conv_1x1':
                        total = total + conv(F.relu(states[src]), w[f'{p}.{e}.{op}.conv.weight'])
                    elif op == 'skip_connect':
                        total = total + states[src]
                    elif op == 'avg_pool_3x3':
                        total = total + F.avg_pool2d(states[src], 3, 1, padding=1, count_include_pad=False)
                states.append(total)
            h = states[-1]
    features = F.relu(h).mean(dim=(2, 3))
    logits = features @ w['classifier.weight'] + w['classifier.bias']
    logits.sum().backward()
    s = sum(float((v * v.grad).sum()) for name, v in w.items() if name.endswith('.weight') and v.grad is not None)
    return math.log(s) if s > 0 else None


def main():
    folder = sys.argv[1]
    with open(f'{folder}/manifest.json') as f:
        meta = json.load(f)
    torch.set_num_threads(1)
    for entry in meta['archs']:
        print(json.dumps({'arch': entry['arch'], 'log_synflow': log_synflow(entry, meta, folder)}), flush=True)


if __name__ == '__main__':
    main()
