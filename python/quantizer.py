"""armlet's PT2E quantizer for Cortex-M (torchao prepare_pt2e / convert_pt2e).

Quantization scheme (the one the int8 kernels implement):
- activations: int8 asymmetric per tensor, range [-128, 127], min/max observed;
- weights: int8 symmetric, range [-127, 127], per tensor or per output channel;
- bias: int32, scale = input_scale * weight_scale (per channel when the
  weights are), zero point 0.

Annotated patterns:
- ``linear`` (weight and optional bias must be constants), optionally followed
  by relu / relu6 / hardtanh / clamp that is its only user: the activation's
  output carries the quantized output, so it folds into the linear's clamp;
- ``add`` of two float tensors (broadcasting allowed, alpha 1), optionally
  followed by an activation in the same way.
Every other operator is left unannotated and therefore stays in float; graph
inputs and outputs are quantized where they meet an annotated operator.
"""

from __future__ import annotations

from typing import Dict, List, Optional

import torch
from torch.fx import GraphModule, Node

from ._quiet import quiet_imports

with quiet_imports():
    from torchao.quantization.pt2e.observer import MinMaxObserver, PerChannelMinMaxObserver
    from torchao.quantization.pt2e.quantizer import (
        DerivedQuantizationSpec,
        QuantizationAnnotation,
        QuantizationSpec,
        Quantizer,
    )


aten = torch.ops.aten

INT32_QMIN = -(2**31) + 1
INT32_QMAX = 2**31 - 1

LINEAR_TARGETS = (aten.linear.default,)
ADD_TARGETS = (aten.add.Tensor,)
ACTIVATION_TARGETS = (
    aten.relu.default,
    aten.relu_.default,
    aten.relu6.default,
    aten.hardtanh.default,
    aten.hardtanh_.default,
    aten.clamp.default,
)

ANNOTATION_KEY = "quantization_annotation"
# Why a node was not annotated, for the lowering report.
SKIP_REASON_KEY = "armlet_quantizer_skip"


def activation_qspec() -> QuantizationSpec:
    return QuantizationSpec(
        dtype=torch.int8,
        quant_min=-128,
        quant_max=127,
        qscheme=torch.per_tensor_affine,
        observer_or_fake_quant_ctr=MinMaxObserver,
    )


def weight_qspec(per_channel: bool) -> QuantizationSpec:
    if per_channel:
        return QuantizationSpec(
            dtype=torch.int8,
            quant_min=-127,
            quant_max=127,
            qscheme=torch.per_channel_symmetric,
            ch_axis=0,
            observer_or_fake_quant_ctr=PerChannelMinMaxObserver,
        )
    return QuantizationSpec(
        dtype=torch.int8,
        quant_min=-127,
        quant_max=127,
        qscheme=torch.per_tensor_symmetric,
        observer_or_fake_quant_ctr=MinMaxObserver,
    )


def _bias_qparams(observers: List[torch.nn.Module]):
    """Bias scale = input scale * weight scale (per channel if the weights are), zp 0."""
    input_scale, _ = observers[0].calculate_qparams()
    weight_scale, _ = observers[1].calculate_qparams()
    scale = (input_scale * weight_scale).to(torch.float32)
    return scale, torch.zeros_like(scale, dtype=torch.int32)


def bias_qspec(input_node: Node, weight_node: Node, linear: Node, per_channel: bool) -> DerivedQuantizationSpec:
    return DerivedQuantizationSpec(
        derived_from=[(input_node, linear), (weight_node, linear)],
        derive_qparams_fn=_bias_qparams,
        dtype=torch.int32,
        quant_min=INT32_QMIN,
        quant_max=INT32_QMAX,
        qscheme=torch.per_channel_symmetric if per_channel else torch.per_tensor_symmetric,
        ch_axis=0 if per_channel else None,
    )


def _is_float_tensor(arg: object) -> bool:
    if not isinstance(arg, Node):
        return False
    val = arg.meta.get("val")
    return isinstance(val, torch.Tensor) and val.dtype == torch.float32


def _is_constant(node: object) -> bool:
    return isinstance(node, Node) and node.op == "get_attr"


def _annotated(node: Node) -> bool:
    annotation = node.meta.get(ANNOTATION_KEY)
    return annotation is not None and annotation._annotated


def _activation_has_constant_bounds(node: Node) -> bool:
    """clamp/hardtanh bounds must be numbers for them to become a clamp on ints."""
    bounds = list(node.args[1:]) + list(node.kwargs.values())
    return all(b is None or isinstance(b, (int, float)) for b in bounds)


def fused_activation(node: Node) -> Optional[Node]:
    """The relu/relu6/hardtanh/clamp that is node's only user, if any."""
    users = list(node.users)
    if len(users) != 1:
        return None
    user = users[0]
    if user.op != "call_function" or user.target not in ACTIVATION_TARGETS:
        return None
    if not _activation_has_constant_bounds(user) or _annotated(user):
        return None
    return user


class ArmletQuantizer(Quantizer):
    """Annotates linear and add (with fused activations) for int8 Cortex-M kernels."""

    def __init__(self, per_channel: bool = False) -> None:
        super().__init__()
        self.per_channel = per_channel
        # "<node>: <why>" for every linear/add left in float, for the report.
        self.skipped: List[str] = []

    def annotate(self, model: GraphModule) -> GraphModule:
        for node in model.graph.nodes:
            if node.op != "call_function" or _annotated(node):
                continue
            if node.target in LINEAR_TARGETS:
                self._annotate_linear(node)
            elif node.target in ADD_TARGETS:
                self._annotate_add(node)
        return model

    def validate(self, model: GraphModule) -> None:
        return None

    def _annotate_output(self, node: Node, input_map: Dict[Node, object]) -> None:
        activation = fused_activation(node)
        if activation is None:
            node.meta[ANNOTATION_KEY] = QuantizationAnnotation(
                input_qspec_map=input_map, output_qspec=activation_qspec(), _annotated=True
            )
            return
        # The pre-activation value is never materialized in int8: the
        # activation's output quantization is the fused op's output.
        node.meta[ANNOTATION_KEY] = QuantizationAnnotation(input_qspec_map=input_map, _annotated=True)
        activation.meta[ANNOTATION_KEY] = QuantizationAnnotation(
            output_qspec=activation_qspec(), _annotated=True
        )

    def _skip(self, node: Node, reason: str) -> None:
        node.meta[SKIP_REASON_KEY] = reason
        self.skipped.append(f"{node.name} in float: {reason}")

    def _annotate_linear(self, node: Node) -> None:
        x = node.args[0]
        weight = node.args[1]
        bias = node.args[2] if len(node.args) > 2 else node.kwargs.get("bias")
        if not _is_float_tensor(x):
            self._skip(node, "input is not a float32 tensor")
            return
        if not _is_constant(weight) or (bias is not None and not _is_constant(bias)):
            self._skip(node, "weight or bias is not a constant of the model")
            return
        input_map: Dict[Node, object] = {
            x: activation_qspec(),
            weight: weight_qspec(self.per_channel),
        }
        if bias is not None:
            input_map[bias] = bias_qspec(x, weight, node, self.per_channel)
        self._annotate_output(node, input_map)

    def _annotate_add(self, node: Node) -> None:
        if len(node.args) != 2 or node.kwargs.get("alpha", 1) != 1:
            self._skip(node, "add with alpha other than 1")
            return
        a, b = node.args
        if not (_is_float_tensor(a) and _is_float_tensor(b)):
            self._skip(node, "add needs two float32 tensors (no scalars)")
            return
        try:
            torch.broadcast_shapes(a.meta["val"].shape, b.meta["val"].shape)
        except RuntimeError:
            self._skip(node, "add inputs do not broadcast")
            return
        self._annotate_output(node, {a: activation_qspec(), b: activation_qspec()})
