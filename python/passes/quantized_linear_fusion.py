"""QuantizedLinearFusionPass: annotated aten.linear -> armlet::quantized_linear.

Folds everything that does not depend on the input ahead of time:

    kernel_sum[n] = bias_q[n] + input_offset * sum_k W[n, k]
    input_offset = -input_zero_point

so every kernel path (scalar, DSP, MVE) computes
``acc = kernel_sum[n] + sum_k x[k] * W[n, k]`` and requantizes it. The
kernel_sum constant *replaces* the int32 bias constant: the bias leaves the
program (when no other node uses it) and the program holds exactly one
int32 vector per linear, whether or not the linear had a bias.

Before (annotated by FoldAndAnnotateQParamsPass)::

    linear(x_i8, w_i8 [N, K], b_i32 [N])  {in: x, w, b; out: y}

After::

    armlet.quantized_linear(x_i8, w_i8, kernel_sum_i32 [N],
        input_offset=-zp_x, filter_offset=0, output_offset=zp_y,
        requantize_multipliers=[m...], requantize_shifts=[s...],
        activation_min=qmin_y, activation_max=qmax_y)

with (m, s) = QuantizeMultiplier(scale_x * scale_w[c] / scale_y), one pair
per tensor or one per output channel. The input may have any rank
[..., K]; no view is inserted.
"""

from __future__ import annotations

import math
from typing import List, Optional, Tuple

import torch
from torch.export import ExportedProgram
from torch.fx import Node

from ..ops.arithmetic import INT32_MAX, INT32_MIN, quantize_multipliers
from .qparams import (
    INPUT_QPARAMS,
    OUTPUT_QPARAMS,
    ArmletPass,
    QParams,
    add_constant,
    constant_tensor,
    edge,
    fake_call,
    input_qparams,
    output_qparams,
)

LINEAR = edge.aten.linear.default
QUANTIZED_LINEAR = edge.armlet.quantized_linear.default


class UnsupportedLinear(ValueError):
    """This linear cannot be lowered (the message says why)."""


def compute_kernel_sum(weights: torch.Tensor, bias_q: Optional[torch.Tensor], input_offset: int) -> torch.Tensor:
    """kernel_sum[n] = bias_q[n] + input_offset * sum_k W[n, k], as int32."""
    w = weights.to(torch.int64)
    total = input_offset * w.sum(dim=1)
    if bias_q is not None:
        total = total + bias_q.to(torch.int64)
    if int(total.min()) < INT32_MIN or int(total.max()) > INT32_MAX:
        raise UnsupportedLinear("kernel sum does not fit in int32")
    return total.to(torch.int32)


def requantization(x: QParams, w: QParams, y: QParams, out_features: int) -> Tuple[List[int], List[int]]:
    """Q31 multipliers and shifts for scale_x * scale_w / scale_y (per tensor or per channel)."""
    w_scales = w.scales()
    if w.per_channel and len(w_scales) != out_features:
        raise UnsupportedLinear(f"{len(w_scales)} weight scales for {out_features} output channels")
    reals = [float(x.scale) * ws / float(y.scale) for ws in w_scales]
    return quantize_multipliers(reals)


def _check_qparams(x: QParams, w: QParams, y: QParams, bias: Optional[QParams]) -> None:
    if x.per_channel or y.per_channel:
        raise UnsupportedLinear("activations must be quantized per tensor")
    if x.dtype != torch.int8 or y.dtype != torch.int8 or w.dtype != torch.int8:
        raise UnsupportedLinear("activations and weights must be int8")
    if any(z != 0 for z in w.zero_points()):
        raise UnsupportedLinear("weights must be symmetric (zero point 0)")
    if w.per_channel and w.axis != 0:
        raise UnsupportedLinear("per-channel weights must be quantized along the output axis")
    if bias is not None and (bias.dtype != torch.int32 or any(z != 0 for z in bias.zero_points())):
        raise UnsupportedLinear("bias must be int32 with zero point 0")


def bias_in_accumulator_scale(bias: torch.Tensor, bias_q: QParams, x: QParams, w: QParams) -> torch.Tensor:
    """The int32 bias in the accumulator's scale, input_scale * weight_scale.

    PT2E quantizes the bias with exactly that scale, except when one bias
    constant is shared by linears whose inputs have different scales (a
    module called twice): it is then requantized here from its real value.
    """
    expected = [float(x.scale) * s for s in w.scales()]
    got = list(bias_q.scales())
    if len(got) == 1 and len(expected) > 1:
        got = got * len(expected)
    if len(got) == len(expected) and all(math.isclose(g, e, rel_tol=1e-6) for g, e in zip(got, expected)):
        return bias
    real = bias.to(torch.float64) * torch.tensor(got, dtype=torch.float64)
    requantized = torch.round(real / torch.tensor(expected, dtype=torch.float64))
    return requantized.clamp(INT32_MIN + 1, INT32_MAX).to(torch.int32)


class QuantizedLinearFusionPass(ArmletPass):
    """Replaces annotated linears by armlet::quantized_linear with AOT kernel sums."""

    def run(self, ep: ExportedProgram) -> bool:
        modified = False
        graph = ep.graph_module.graph
        for node in list(graph.nodes):
            if node.op != "call_function" or node.target != LINEAR or INPUT_QPARAMS not in node.meta:
                continue
            try:
                self._fuse(ep, node)
            except UnsupportedLinear as e:
                # Its q/dq are folded already: it cannot fall back to float.
                raise UnsupportedLinear(f"cannot lower {node.name}: {e}") from e
            modified = True
        return modified

    def _fuse(self, ep: ExportedProgram, node: Node) -> None:
        graph = node.graph
        x, weight_node = node.args[0], node.args[1]
        bias_node = node.args[2] if len(node.args) > 2 else None
        qin = input_qparams(node)
        x_q, w_q, y_q = qin[0], qin[1], output_qparams(node)[0]
        b_q = qin.get(2) if bias_node is not None else None
        _check_qparams(x_q, w_q, y_q, b_q)

        weights = constant_tensor(ep, weight_node)
        if weights is None or weights.dtype != torch.int8 or weights.dim() != 2:
            raise UnsupportedLinear("weights must be a constant int8 [N, K] tensor")
        bias = None
        if bias_node is not None:
            bias = constant_tensor(ep, bias_node)
            if bias is None or bias.dtype != torch.int32:
                raise UnsupportedLinear("bias must be a constant int32 tensor")
            bias = bias_in_accumulator_scale(bias, b_q, x_q, w_q)

        input_offset = -int(x_q.zero_point)
        out_features = weights.shape[0]
        kernel_sum = compute_kernel_sum(weights, bias, input_offset)
        multipliers, shifts = requantization(x_q, w_q, y_q, out_features)

        kernel_sum_node = add_constant(ep, graph, f"{node.name}_kernel_sum", kernel_sum)
        args = (
            x,
            weight_node,
            kernel_sum_node,
            input_offset,
            0,
            int(y_q.zero_point),
            multipliers,
            shifts,
            int(y_q.quant_min),
            int(y_q.quant_max),
        )
        with graph.inserting_before(node):
            fused = graph.call_function(QUANTIZED_LINEAR, args)
        fused.meta = {k: v for k, v in node.meta.items() if k not in (INPUT_QPARAMS,)}
        fused.meta["val"] = fake_call(QUANTIZED_LINEAR, args)
        fused.meta[INPUT_QPARAMS] = {0: x_q, 1: w_q}
        fused.meta[OUTPUT_QPARAMS] = {0: y_q}
        node.replace_all_uses_with(fused)
        graph.erase_node(node)
