"""ActivationFoldingPass: relu / relu6 / hardtanh / clamp fold into the fused op's clamp.

In the int8 domain an activation after a quantized operator is a clamp of
that operator's output (quantization is monotonic, so
quantize(relu(x)) == max(quantize(x), quantize(0))). The bounds are the
activation's real bounds quantized with the output qparams, intersected
with the operator's current activation_min/max. Nothing stays in float.

Before::

    armlet.quantized_linear(x, w, ks, ..., act_min=-128, act_max=127)
        -> relu {in: y, out: y}            (y: scale 0.05, zero point -20)

After::

    armlet.quantized_linear(x, w, ks, ..., act_min=-20, act_max=127)

relu6 (an aten.hardtanh(0, 6) in the edge dialect) becomes
[quantize(0), quantize(6)], clamp(min, max) / hardtanh(min, max) likewise.
"""

from __future__ import annotations

from typing import Optional, Tuple

from torch.export import ExportedProgram
from torch.fx import Node

from .qparams import OUTPUT_QPARAMS, ArmletPass, QParams, edge, output_qparams

aten = edge.aten
RELU = aten.relu.default
HARDTANH = aten.hardtanh.default
CLAMP = aten.clamp.default

# Index of activation_min in each fused operator's arguments (max follows it).
ACTIVATION_MIN_INDEX = {
    edge.armlet.quantized_linear.default: 8,
    edge.armlet.quantized_add.default: 12,
}


def real_bounds(node: Node) -> Tuple[Optional[float], Optional[float]]:
    """The activation's real-valued (min, max); None for an open side."""
    if node.target == RELU:
        return 0.0, None
    if node.target == HARDTANH:
        lo = node.args[1] if len(node.args) > 1 else node.kwargs.get("min_val", -1.0)
        hi = node.args[2] if len(node.args) > 2 else node.kwargs.get("max_val", 1.0)
        return float(lo), float(hi)
    if node.target == CLAMP:
        lo = node.args[1] if len(node.args) > 1 else node.kwargs.get("min")
        hi = node.args[2] if len(node.args) > 2 else node.kwargs.get("max")
        return (None if lo is None else float(lo)), (None if hi is None else float(hi))
    raise ValueError(f"{node.name} is not a foldable activation")


def quantized_bounds(node: Node, q: QParams) -> Tuple[int, int]:
    lo, hi = real_bounds(node)
    q_lo = q.quant_min if lo is None else q.quantize_value(lo)
    q_hi = q.quant_max if hi is None else q.quantize_value(hi)
    return q_lo, q_hi


class ActivationFoldingPass(ArmletPass):
    """Removes activations after quantized_linear / quantized_add by tightening their clamp."""

    def run(self, ep: ExportedProgram) -> bool:
        modified = False
        for node in list(ep.graph_module.graph.nodes):
            if node.op != "call_function" or node.target not in (RELU, HARDTANH, CLAMP):
                continue
            producer = node.args[0]
            if not (
                isinstance(producer, Node)
                and producer.target in ACTIVATION_MIN_INDEX
                and len(producer.users) == 1
                and OUTPUT_QPARAMS in node.meta
            ):
                continue
            index = ACTIVATION_MIN_INDEX[producer.target]
            q_lo, q_hi = quantized_bounds(node, output_qparams(node)[0])
            args = list(producer.args)
            args[index] = max(int(args[index]), q_lo)
            args[index + 1] = min(int(args[index + 1]), q_hi)
            if args[index] > args[index + 1]:
                # An empty range: everything clamps to one value.
                args[index + 1] = args[index]
            producer.args = tuple(args)
            node.replace_all_uses_with(producer)
            node.graph.erase_node(node)
            modified = True
        return modified
