"""QuantizedAddFusionPass: annotated aten.add.Tensor -> armlet::quantized_add.

Uses TFLite's int8 ADD scheme. Ahead of time, with s1, s2 the input scales
and s_out the output scale::

    twice_max = 2 * max(s1, s2)
    (self_multiplier, self_shift)     = QuantizeMultiplier(s1 / twice_max)
    (other_multiplier, other_shift)   = QuantizeMultiplier(s2 / twice_max)
    (output_multiplier, output_shift) = QuantizeMultiplier(twice_max / (2**20 * s_out))

Per element (see ops/reference.py): both inputs are centred, shifted left by
20, rescaled to the common scale, added, and rescaled to the output.

Before (annotated by FoldAndAnnotateQParamsPass)::

    add(a_i8, b_i8)  {in: a, b; out: y}

After::

    armlet.quantized_add(a_i8, b_i8, -zp_a, m_a, s_a, -zp_b, m_b, s_b,
                         zp_y, m_y, s_y, 20, qmin_y, qmax_y)

Shapes broadcast numpy-style; no view or expand is inserted.
"""

from __future__ import annotations

from typing import Tuple

import torch
from torch.export import ExportedProgram
from torch.fx import Node

from ..ops.arithmetic import quantize_multiplier
from .qparams import (
    INPUT_QPARAMS,
    OUTPUT_QPARAMS,
    ArmletPass,
    QParams,
    edge,
    fake_call,
    input_qparams,
    output_qparams,
)

ADD = edge.aten.add.Tensor
QUANTIZED_ADD = edge.armlet.quantized_add.default
LEFT_SHIFT = 20


class UnsupportedAdd(ValueError):
    """This add cannot be lowered (the message says why)."""


def add_parameters(a: QParams, b: QParams, y: QParams) -> Tuple[int, ...]:
    """The integer arguments of quantized_add after its two tensor inputs."""
    for q in (a, b, y):
        if q.per_channel or q.dtype != torch.int8:
            raise UnsupportedAdd("add needs int8 per-tensor quantized inputs and output")
    s1, s2, s_out = float(a.scale), float(b.scale), float(y.scale)
    twice_max = 2.0 * max(s1, s2)
    m1, sh1 = quantize_multiplier(s1 / twice_max)
    m2, sh2 = quantize_multiplier(s2 / twice_max)
    mo, sho = quantize_multiplier(twice_max / ((1 << LEFT_SHIFT) * s_out))
    return (
        -int(a.zero_point), m1, sh1,
        -int(b.zero_point), m2, sh2,
        int(y.zero_point), mo, sho,
        LEFT_SHIFT,
        int(y.quant_min), int(y.quant_max),
    )


class QuantizedAddFusionPass(ArmletPass):
    """Replaces annotated adds by armlet::quantized_add."""

    def run(self, ep: ExportedProgram) -> bool:
        modified = False
        for node in list(ep.graph_module.graph.nodes):
            if node.op != "call_function" or node.target != ADD or INPUT_QPARAMS not in node.meta:
                continue
            self._fuse(node)
            modified = True
        return modified

    @staticmethod
    def _fuse(node: Node) -> None:
        graph = node.graph
        a, b = node.args[0], node.args[1]
        qin = input_qparams(node)
        y_q = output_qparams(node)[0]
        try:
            params = add_parameters(qin[0], qin[1], y_q)
        except UnsupportedAdd as e:
            raise UnsupportedAdd(f"cannot lower {node.name}: {e}") from e
        args = (a, b) + params
        with graph.inserting_before(node):
            fused = graph.call_function(QUANTIZED_ADD, args)
        fused.meta = dict(node.meta)
        fused.meta["val"] = fake_call(QUANTIZED_ADD, args)
        fused.meta[INPUT_QPARAMS] = {0: qin[0], 1: qin[1]}
        fused.meta[OUTPUT_QPARAMS] = {0: y_q}
        node.replace_all_uses_with(fused)
        graph.erase_node(node)
